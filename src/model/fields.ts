import { memoPerObject } from '../memo.js'
import { escapeSegment } from '../schema/pointer.js'
import { definitionName } from '../schema/refs.js'
import { resolveRef } from '../schema/resolve.js'
import type { Definitions, JsonSchema } from '../schema/types.js'
import { nodeMarks, rangeText } from '../schema/version-range.js'

// The fields of a message, one row each, as the docs, the site and `evcat show` list them; `field-facts.ts` adds
// what each enforces and why.

/** A choice a row sits inside: the node whose `oneOf`/`anyOf`/`allOf` holds it; its evidence covers the row. */
export interface Cover {
  readonly keyword: 'oneOf' | 'anyOf' | 'allOf'
  readonly node: JsonSchema
  /** The path of the field that holds the choice (`metadata`; `''` for the message). */
  readonly at: string
}

/** One row of an event's field table, before any Markdown: plain catalog values, escaped later. */
export interface FieldRow {
  /** Dotted path from the schema root: `metadata.context.type`, `label[]` for items, `resources.*` for map values. */
  readonly path: string
  /** The same as a JSON Pointer into the message, `*` standing for any item or map value: `/label/*`. */
  readonly pointer: string
  /** The property name the row is for; undefined for items, map values, branches and the root. */
  readonly key?: string
  /** 0 for a top-level property. */
  readonly depth: number
  /** Which `oneOf`/`anyOf` branch the row belongs to, outermost first: `oneOf 1/2: StatsMessage`. */
  readonly variant: readonly string[]
  readonly type: string
  /** Whether the parent object requires the key; undefined for array items, map values and branches. */
  readonly required?: boolean
  /** The server versions that send it, as a range (`>=5.19`, `>=5.0.2 <5.1 || >=5.6`); absent: unversioned. */
  readonly versions?: string
  readonly description?: string
  readonly note?: string
  /** `x-source` ids. */
  readonly sources: readonly string[]
  /** Exact values: a `const`, an `enum`, or the known values (`x-known`) of an open field. */
  readonly values?: { readonly kind: 'const' | 'enum' | 'known'; readonly list: readonly unknown[] }
  /** Plain-text constraints: `pattern …`, `≥ 0`, `open: any keys`, `recursive: see above`. */
  readonly constraints: readonly string[]
  /** The schema node the row describes, `$ref`s resolved (its evidence and versions are read from it). */
  readonly schema: JsonSchema
  /** The object whose `properties` and `required` hold the key; undefined for items, map values and branches. */
  readonly parent?: JsonSchema
  /** The choices the row sits inside, outermost first. */
  readonly covers: readonly Cover[]
}

/** How deep flattening goes before it stops; the real catalog is 6 deep at most. */
const MAX_DEPTH = 16

/**
 * Flattens a message schema into one row per field, in declaration order: nested objects by path, array
 * items as `path[]`, map values as `path.*`, each `oneOf`/`anyOf` branch under its own variant label.
 * `$ref: "#/definitions/X"` is resolved against `definitions` (sibling keywords win); a definition that
 * refers back to one being expanded ends in a row marked recursive, so cycles terminate. Remembered per schema
 * (and the definitions it was resolved against): the docs, once per page they measure and write, the site and its
 * search index flatten the same model schema. At most 1024 row lists are kept (the real catalog has about 500).
 */
export const flattenFields: (
  schema: JsonSchema,
  definitions: Readonly<Record<string, JsonSchema>>,
) => readonly FieldRow[] = memoPerObject(flatten, (_schema, definitions) => [definitions], 1024)

function flatten(schema: JsonSchema, definitions: Readonly<Record<string, JsonSchema>>): FieldRow[] {
  const rows: FieldRow[] = []
  const { node, stack } = resolve(schema, [], definitions)
  children(node, { path: '', pointer: '', depth: -1, variant: [], stack, covers: [] }, definitions, rows)
  return rows
}

interface Where {
  readonly path: string
  readonly pointer: string
  readonly key?: string
  readonly parent?: JsonSchema
  readonly depth: number
  readonly variant: readonly string[]
  /** The definitions being expanded on the way here. */
  readonly stack: readonly string[]
  readonly covers: readonly Cover[]
}

function visit(
  raw: JsonSchema,
  where: Where,
  required: boolean | undefined,
  defs: Readonly<Record<string, JsonSchema>>,
  rows: FieldRow[],
  parent?: JsonSchema,
): void {
  const { node, ref, stack, cyclic } = resolve(raw, where.stack, defs)
  const tooDeep = where.depth >= MAX_DEPTH
  const stop = cyclic
    ? ref !== undefined
      ? `recursive: ${ref} again, see above`
      : undefined
    : tooDeep
      ? 'deeper fields not shown'
      : undefined
  rows.push(row(node, parent === undefined ? where : { ...where, parent }, required, ref, stop))
  if (!cyclic && !tooDeep) children(node, { ...where, stack }, defs, rows)
}

function children(node: JsonSchema, where: Where, defs: Readonly<Record<string, JsonSchema>>, rows: FieldRow[]): void {
  const depth = where.depth + 1
  const props = asRecord(node['properties'])
  const required = Array.isArray(node['required']) ? (node['required'] as unknown[]) : []
  for (const [key, value] of Object.entries(props)) {
    if (isSchema(value))
      visit(
        value,
        { ...where, path: join(where.path, key), pointer: `${where.pointer}/${escapeSegment(key)}`, key, depth },
        required.includes(key),
        defs,
        rows,
        node,
      )
  }
  const any = { ...noKey(where), pointer: `${where.pointer}/*`, depth }
  const extra = node['additionalProperties']
  if (isSchema(extra)) visit(extra, { ...any, path: `${where.path}.*` }, undefined, defs, rows)
  for (const value of Object.values(asRecord(node['patternProperties']))) {
    if (isSchema(value)) visit(value, { ...any, path: `${where.path}.*` }, undefined, defs, rows)
  }
  const items = node['items']
  if (isSchema(items)) visit(items, { ...any, path: `${where.path}[]` }, undefined, defs, rows)
  else if (Array.isArray(items))
    items.forEach(
      (item, i) =>
        isSchema(item) &&
        visit(item, { ...any, path: `${where.path}[${i}]`, pointer: `${where.pointer}/${i}` }, undefined, defs, rows),
    )
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = node[keyword]
    if (!Array.isArray(branches)) continue
    branches.forEach((branch, i) => {
      if (!isSchema(branch)) return
      const label = `${keyword} ${i + 1}/${branches.length}${branchName(branch)}`
      const covers = [...where.covers, { keyword, node, at: where.path }]
      visit(
        branch,
        { ...noKey(where), depth: Math.max(depth - 1, 0), variant: [...where.variant, label], covers },
        undefined,
        defs,
        rows,
      )
    })
  }
}

function row(
  node: JsonSchema,
  where: Where,
  required: boolean | undefined,
  ref: string | undefined,
  stop: string | undefined,
): FieldRow {
  const constraints = constraintsOf(node)
  if (stop !== undefined) constraints.push(stop)
  const versions = rangeText(nodeMarks(node))
  return {
    path: where.path,
    pointer: where.pointer,
    ...(where.key !== undefined ? { key: where.key } : {}),
    depth: Math.max(where.depth, 0),
    variant: where.variant,
    type: typeLabel(node, ref),
    ...(required !== undefined ? { required } : {}),
    ...(versions === undefined ? {} : { versions }),
    ...str('description', node['description']),
    ...str('note', node['x-note']),
    sources: Array.isArray(node['x-source']) ? node['x-source'].map(String) : [],
    ...valuesOf(node),
    constraints,
    schema: node,
    ...(where.parent === undefined ? {} : { parent: where.parent }),
    covers: where.covers,
  }
}

/** A readable type: `string or null`, `integer (exact, 19+ digits)`, `string (date-time)`, `object (Requestor)`. */
export function typeLabel(node: JsonSchema, ref?: string): string {
  const types = declaredTypes(node)
  const named = types.filter((t) => t !== 'null')
  let label: string
  if (node['x-bigint'] === true) label = 'integer (exact, 19+ digits)'
  else if (named.length > 0) label = named.join(' or ')
  else if (types.length > 0) label = 'null'
  else if (Array.isArray(node['oneOf'])) label = `one of ${node['oneOf'].length} shapes`
  else if (Array.isArray(node['anyOf'])) label = `any of ${node['anyOf'].length} shapes`
  else if (Array.isArray(node['allOf'])) label = `all of ${node['allOf'].length} shapes`
  else label = 'any'
  if (typeof node['format'] === 'string') label += ` (${node['format']})`
  if (ref !== undefined) label += ` (${ref})`
  if (named.length > 0 && types.includes('null')) label += ' or null'
  return label
}

function declaredTypes(node: JsonSchema): string[] {
  const type = node['type']
  if (typeof type === 'string') return [type]
  if (Array.isArray(type)) return type.map(String)
  if ('const' in node) return [jsonType(node['const'])]
  if (Array.isArray(node['enum'])) return [...new Set(node['enum'].map(jsonType))]
  if (node['properties'] !== undefined || node['additionalProperties'] !== undefined) return ['object']
  if (node['items'] !== undefined) return ['array']
  return []
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'bigint') return 'integer'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  if (Array.isArray(value)) return 'array'
  return typeof value === 'object' ? 'object' : typeof value
}

function valuesOf(node: JsonSchema): Pick<FieldRow, 'values'> {
  if ('const' in node) return { values: { kind: 'const', list: [node['const']] } }
  if (Array.isArray(node['enum'])) return { values: { kind: 'enum', list: node['enum'] } }
  if (Array.isArray(node['x-known'])) return { values: { kind: 'known', list: node['x-known'] } }
  return {}
}

const BOUNDS: readonly (readonly [string, string])[] = [
  ['minimum', '≥'],
  ['exclusiveMinimum', '>'],
  ['maximum', '≤'],
  ['exclusiveMaximum', '<'],
  ['minLength', 'length ≥'],
  ['maxLength', 'length ≤'],
  ['minItems', 'items ≥'],
  ['maxItems', 'items ≤'],
  ['minProperties', 'keys ≥'],
  ['maxProperties', 'keys ≤'],
  ['multipleOf', 'multiple of'],
]

function constraintsOf(node: JsonSchema): string[] {
  const out: string[] = []
  if (typeof node['pattern'] === 'string') out.push(`pattern ${node['pattern']}`)
  for (const [keyword, text] of BOUNDS) {
    if (keyword === 'maxProperties' && node[keyword] === 0) out.push('empty: no keys')
    else if (typeof node[keyword] === 'number') out.push(`${text} ${node[keyword] as number}`)
  }
  if (node['uniqueItems'] === true) out.push('unique items')
  if (isOpen(node)) out.push('open: any keys')
  return out
}

// An object schema that lists no keys and says nothing of additional ones is open too (evcat closes only
// objects that list properties); `additionalProperties: {…}` is a map, described by its `.*` row.
function isOpen(node: JsonSchema): boolean {
  const extra = node['additionalProperties']
  if (extra === true) return true
  if (extra !== undefined || node['maxProperties'] === 0) return false
  const isObject = declaredTypes(node).includes('object')
  return (
    isObject &&
    node['properties'] === undefined &&
    node['patternProperties'] === undefined &&
    !['oneOf', 'anyOf', 'allOf'].some((k) => k in node)
  )
}

interface Resolved {
  readonly node: JsonSchema
  readonly ref?: string
  readonly stack: readonly string[]
  readonly cyclic: boolean
}

/** The node behind a `$ref` chain, as the field table shows it: an unresolved ref is described, not followed. */
function resolve(raw: JsonSchema, stack: readonly string[], defs: Definitions): Resolved {
  const r = resolveRef(raw, defs, stack)
  if (r.stop?.kind === 'unresolved') {
    const description = r.node['description'] ?? `unresolved reference ${r.stop.ref}`
    return { node: { ...r.node, description }, stack: r.chain, cyclic: true }
  }
  return {
    node: r.node,
    ...(r.name === undefined ? {} : { ref: r.name }),
    stack: r.chain,
    cyclic: r.stop !== undefined,
  }
}

function branchName(branch: JsonSchema): string {
  if (typeof branch['title'] === 'string') return `: ${branch['title']}`
  const name = typeof branch['$ref'] === 'string' ? definitionName(branch['$ref']) : undefined
  if (name !== undefined) return `: ${name}`
  return ''
}

/** `a.b` for plain keys; `a["odd key"]` (JSON-quoted) for keys a dot path cannot hold. */
export function join(path: string, key: string): string {
  if (/^[A-Za-z_@$][\w@$-]*$/.test(key)) return path === '' ? key : `${path}.${key}`
  return `${path}[${JSON.stringify(key)}]`
}

function noKey(where: Where): Where {
  const { key: _key, parent: _parent, ...rest } = where
  return rest
}

function str<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {}
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
