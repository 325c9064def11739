// What an anyOf/oneOf means to a consumer, so that the comparison reads it as the types and validators do:
// a set of values (each allowed in some versions), a cross-field condition, or a choice of shapes.
import { resolveRef } from '../../schema/resolve.js'
import type { Definitions, JsonSchema } from '../../schema/types.js'
import { describeRange } from '../../schema/version-range.js'
import type { VersionRange } from '../../schema/version-range.js'
import { rangeOfNode } from '../range-change.js'
import { canonicalJson } from '../snapshot.js'

/** The kind of an anyOf/oneOf. */
export type UnionKind = 'values' | 'conditions' | 'shapes'

/** A node's anyOf (or oneOf) and what its branches are. */
export interface Union {
  readonly keyword: 'anyOf' | 'oneOf'
  readonly branches: readonly JsonSchema[]
  /**
   * `values`: every branch lists values (`enum`/`const`), e.g. LXD log levels per version: the union enforces their
   * values. `conditions`: no branch has a type, a `$ref` or values of its own (field pairs such as LXD's status and
   * status_code): a cross-field condition on the node's own shape. `shapes`: a choice of types or objects.
   */
  readonly kind: UnionKind
  /** The node is only the union (no type, fields or values of its own beside it). */
  readonly pure: boolean
}

const OWN_SHAPE = ['type', 'properties', 'items', 'enum', 'const', 'additionalProperties', '$ref']

/** The node's anyOf and oneOf, each classified (none, one or both). */
export function unionsOf(node: JsonSchema, definitions: Definitions): Union[] {
  const out: Union[] = []
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (!Array.isArray(node[keyword])) continue
    const branches = (node[keyword] as unknown[]).filter(isObject)
    const resolved = branches.map((b) => resolveRef(b, definitions).node)
    const kind: UnionKind = resolved.every(isValueList)
      ? 'values'
      : branches.every((b) => b['type'] === undefined && b['$ref'] === undefined && !isValueList(b))
        ? 'conditions'
        : 'shapes'
    out.push({ keyword, branches, kind, pure: OWN_SHAPE.every((k) => node[k] === undefined) })
  }
  return out
}

function isValueList(b: JsonSchema): boolean {
  return (
    ('const' in b || Array.isArray(b['enum'])) &&
    !['properties', 'items', 'anyOf', 'oneOf', 'allOf'].some((k) => k in b)
  )
}

/** The values a node enforces with the versions that allow each, by canonical JSON; undefined when it enforces none. */
export function valueRanges(
  node: JsonSchema,
  definitions: Definitions,
): Map<string, { value: unknown; range: VersionRange }> | undefined {
  const own = listed(node)
  if (own !== undefined) return new Map(own.map((v) => [canonicalJson(v), { value: v, range: [[]] }]))
  const union = unionsOf(node, definitions).find((u) => u.kind === 'values')
  if (union === undefined) return undefined
  const out = new Map<string, { value: unknown; range: VersionRange }>()
  for (const branch of union.branches) {
    const b = resolveRef(branch, definitions).node
    const range = rangeOfNode(b)
    for (const v of listed(b) ?? []) {
      const key = canonicalJson(v)
      const seen = out.get(key)
      // A value in several branches is allowed wherever any of them applies.
      out.set(key, { value: v, range: seen === undefined ? range : [...seen.range, ...range] })
    }
  }
  return out
}

function listed(node: JsonSchema): readonly unknown[] | undefined {
  if ('const' in node) return [node['const']]
  return Array.isArray(node['enum']) ? node['enum'] : undefined
}

/** A range for messages: `every version`, `since 5.0.0`, `<5.0.0`. */
export function rangeWords(range: VersionRange): string {
  if (range.some((alt) => alt.length === 0)) return 'every version'
  const text = range.map((alt) => alt.map((c) => `${c.op === '=' ? '' : c.op}${c.text}`).join(' ')).join(' || ')
  return describeRange(text)
}

function isObject(v: unknown): v is JsonSchema {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
