// What the schema comparison knows about JSON Schema keywords: which are prose, which narrow, and how.
import type { JsonSchema } from '../../schema/types.js'
import { canonicalJson } from '../snapshot.js'

/** Every JSON type; a schema without `type` admits them all. */
export const ALL_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const

/** Keywords that are prose: a change to them is `description-changed`. */
export const DESCRIPTION_KEYS = new Set(['description', 'title', '$comment'])
/** Keywords that hold example values: `examples-changed`. */
export const EXAMPLE_KEYS = new Set(['examples', 'default'])
/** Version keys of a schema node (issue #11). */
export const VERSION_KEYS = new Set(['x-since', 'x-until', 'x-versions'])

/** Bounds: the keyword, and whether a larger value admits more (`up`) or less (`down`). */
export const BOUNDS: Readonly<Record<string, 'up' | 'down'>> = {
  minimum: 'down',
  exclusiveMinimum: 'down',
  minLength: 'down',
  minItems: 'down',
  minProperties: 'down',
  maximum: 'up',
  exclusiveMaximum: 'up',
  maxLength: 'up',
  maxItems: 'up',
  maxProperties: 'up',
}

/** Cross-field and structural conditions compared as a whole (added, removed or changed). */
export const CONDITION_KEYS = [
  'allOf',
  'not',
  'if',
  'then',
  'else',
  'dependencies',
  'contains',
  'propertyNames',
  'patternProperties',
  'x-count-equals',
] as const

/** The condition keywords compared together: if/then/else is one condition. */
export const CONDITION_GROUPS: readonly (readonly string[])[] = CONDITION_KEYS.filter(
  (k) => k !== 'then' && k !== 'else',
).map((k) => (k === 'if' ? ['if', 'then', 'else'] : [k]))

/** Keywords the comparison handles one by one; any other keyword falls to `schema-changed` or `annotation-changed`. */
export const HANDLED = new Set<string>([
  ...DESCRIPTION_KEYS,
  ...EXAMPLE_KEYS,
  ...VERSION_KEYS,
  ...Object.keys(BOUNDS),
  ...CONDITION_KEYS,
  'type',
  'x-bigint',
  'enum',
  'const',
  'x-known',
  'x-evidence',
  'x-source',
  'pattern',
  'format',
  'multipleOf',
  'uniqueItems',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'anyOf',
  'oneOf',
  '$ref',
  'definitions',
])

/** The JSON types a node admits by its own `type` (or, without one, by its const/enum values). */
export function jsonTypes(node: JsonSchema): Set<string> {
  const t = node['type']
  if (typeof t === 'string') return new Set([t])
  if (Array.isArray(t)) return new Set(t.map(String))
  const values = enforcedValues(node)
  if (values !== undefined) return new Set(values.map(jsonTypeOf))
  return new Set(ALL_TYPES)
}

/** The TypeScript kinds those types become: integer and number are both `number`; an x-bigint integer adds `bigint`. */
export function tsKinds(node: JsonSchema, types: ReadonlySet<string>): Set<string> {
  const out = new Set<string>()
  for (const t of types) {
    if (t === 'integer' || t === 'number') out.add('number')
    else out.add(t)
    if (t === 'integer' && node['x-bigint'] === true) out.add('bigint')
  }
  return out
}

/** Whether type set `a` admits everything `b` admits (a number admits every integer). */
export function typesCover(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const t of b) if (!a.has(t) && !(t === 'integer' && a.has('number'))) return false
  return true
}

/** The values a node enforces (`const`, or `enum`); undefined when it enforces none. */
export function enforcedValues(node: JsonSchema): readonly unknown[] | undefined {
  if ('const' in node) return [node['const']]
  return Array.isArray(node['enum']) ? node['enum'] : undefined
}

/** The known values of an open field (`x-known`), or undefined. */
export function knownValues(node: JsonSchema): readonly unknown[] | undefined {
  return Array.isArray(node['x-known']) ? node['x-known'] : undefined
}

/** The JSON type of a value. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'bigint') return 'integer'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

/** The values of `a` that `b` does not have, compared as JSON. */
export function valuesMissing(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const keys = new Set(b.map(canonicalJson))
  return a.filter((v) => !keys.has(canonicalJson(v)))
}

/** A schema without its prose, evidence and version keys: what validation and the types see, for equality. */
export function semanticKey(schema: unknown): string {
  return canonicalJson(strip(schema))
}

function strip(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(strip)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (DESCRIPTION_KEYS.has(k) || EXAMPLE_KEYS.has(k) || VERSION_KEYS.has(k)) continue
    if (k === 'x-evidence' || k === 'x-source' || k === 'x-note' || k === 'x-known') continue
    out[k] = k === 'const' || k === 'enum' ? v : strip(v)
  }
  return out
}

/** Evidence of a node (issue #11's `x-evidence`), as keyword → sorted references; `*` backs every keyword. */
export function evidenceOf(node: JsonSchema): Map<string, string[]> {
  const e = node['x-evidence']
  const out = new Map<string, string[]>()
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]).sort()
  if (typeof e === 'string' || Array.isArray(e)) out.set('*', list(e))
  else if (e !== null && typeof e === 'object') {
    for (const [k, v] of Object.entries(e as Record<string, unknown>)) out.set(k, list(v))
  }
  return out
}

/** A short description of a schema for messages: `string`, `integer | null`, `enum [a, b]`, `$ref Requestor`. */
export function describeSchema(node: JsonSchema): string {
  if (typeof node['$ref'] === 'string') return `$ref ${node['$ref'].replace('#/definitions/', '')}`
  const values = enforcedValues(node)
  if (values !== undefined) return 'const' in node ? `const ${short(values[0])}` : `enum ${shortList(values)}`
  const t = node['type']
  const types = typeof t === 'string' ? [t] : Array.isArray(t) ? t.map(String) : []
  if (types.length === 0) return node['anyOf'] ? 'anyOf' : node['oneOf'] ? 'oneOf' : 'any value'
  const items = node['items']
  return types
    .map((x) =>
      x === 'array' && items !== null && typeof items === 'object' && !Array.isArray(items)
        ? `array of ${describeSchema(items as JsonSchema)}`
        : x,
    )
    .join(' | ')
}

/** A value for messages, JSON, cut at 40 characters. */
export function short(value: unknown): string {
  const text = canonicalJson(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/** A list of values for messages, at most 6 shown. */
export function shortList(values: readonly unknown[]): string {
  const shown = values.slice(0, 6).map(short).join(', ')
  return `[${shown}${values.length > 6 ? `, … ${values.length - 6} more` : ''}]`
}
