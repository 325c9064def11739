import type { JsonSchema, SourceDef } from './model-types.js'
import { closeObjects } from '../../src/model/compose.js'
import { nodeEvidence } from './evidence.js'

/**
 * Turning catalog schemas into schemas for other tools (JSON Schema files, AsyncAPI payloads).
 *
 * Decisions:
 * - Objects are closed as evcat closes them (`additionalProperties: false` where the catalog says nothing), so a
 *   generic validator's verdict is `evcat validate --strict`'s: a field the catalog does not know fails there,
 *   where evcat calls it drift. `x-evcat-unknown-fields: drift` on the root says so to tools that read it.
 * - evcat's own keywords travel as `x-evcat-<name>` (`x-since` → `x-evcat-since`); `x-evidence` becomes
 *   `x-evcat-evidence` in its map form with parsed references (`{source, where, class}`).
 * - `x-bigint` integers keep `type: integer` and gain a sentence in `description`: a validator that parses JSON
 *   into doubles sees a rounded number there (it still passes as an integer, but the value is wrong).
 * - `#/definitions/X` references are rewritten by the caller's `ref` (prefixed names, AsyncAPI components).
 */

/** What exporting needs from the family: its sources (for evidence classes) and how to write a reference. */
export interface ExportContext {
  readonly sources: readonly SourceDef[]
  /** The exported reference of the shared fragment `name` (`#/definitions/LxdRequestor`). */
  readonly ref: (name: string) => string
}

/** The sentence every exact-integer field's description ends with. */
export const BIGINT_NOTE =
  'Exact integer (x-evcat-bigint): it may exceed 2^53, so a validator or program that parses JSON into ' +
  'doubles sees a rounded number that still passes as an integer. Parse this field losslessly.'

/** The note on closed objects, for the root of each exported schema. */
export const CLOSED_NOTE =
  'Objects are closed (additionalProperties: false) as evcat closes them: a field the catalog does not know ' +
  'fails here, where evcat validate reports it as drift (not invalid); this verdict is evcat validate --strict.'

const MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies'])
const SCHEMA_KEYWORDS = new Set([
  'additionalProperties',
  'items',
  'additionalItems',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'not',
  'allOf',
  'anyOf',
  'oneOf',
])

/** A catalog schema, closed and with evcat's keywords renamed, ready for another tool. Never mutates its input. */
export function exportSchema(schema: JsonSchema, ctx: ExportContext): JsonSchema {
  return exportNode(closeObjects(schema), ctx)
}

/** The exported name of an evcat keyword: `x-since` → `x-evcat-since`. */
export function exportedKeyword(keyword: string): string {
  return keyword.startsWith('x-evcat-') ? keyword : `x-evcat-${keyword.slice(2)}`
}

function exportNode(node: JsonSchema, ctx: ExportContext): JsonSchema {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-evidence') {
      const evidence = nodeEvidence(node, ctx.sources)
      if (evidence !== undefined) out['x-evcat-evidence'] = evidence
    } else if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
      out[key] = ctx.ref(decodeURIComponent(value.slice('#/definitions/'.length)))
    } else if (MAP_KEYWORDS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isObject(v) ? exportNode(v, ctx) : v]))
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = isObject(value)
        ? exportNode(value, ctx)
        : Array.isArray(value)
          ? value.map((v) => (isObject(v) ? exportNode(v, ctx) : v))
          : value
    } else if (key.startsWith('x-')) {
      out[exportedKeyword(key)] = value
    } else {
      out[key] = value
    }
  }
  if (node['x-bigint'] === true) {
    const before = typeof node['description'] === 'string' ? `${node['description']} ` : ''
    out['description'] = `${before}${BIGINT_NOTE}`
  }
  return out
}

/**
 * The instance pointers of every exact-integer field a message can carry (`/parameters/applicationInstanceId`,
 * `/items/*` for array items), following `#/definitions/X` references; sorted and without repeats.
 */
export function bigintFields(schema: JsonSchema, definitions: Readonly<Record<string, JsonSchema>>): string[] {
  const found = new Set<string>()
  const visit = (node: unknown, at: string, stack: readonly string[]): void => {
    if (!isObject(node)) return
    const ref = node['$ref']
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
      const name = decodeURIComponent(ref.slice('#/definitions/'.length))
      if (!stack.includes(name)) visit(definitions[name], at, [...stack, name])
      return
    }
    if (node['x-bigint'] === true) found.add(at === '' ? '/' : at)
    for (const [k, v] of Object.entries(isObject(node['properties']) ? node['properties'] : {}))
      visit(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, stack)
    for (const k of ['items', 'additionalProperties'] as const) visit(node[k], `${at}/*`, stack)
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const)
      if (Array.isArray(node[k])) for (const b of node[k]) visit(b, at, stack)
  }
  visit(schema, '', [])
  return [...found].sort()
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
