// The inference rules of `evcat infer`: a schema from the values a field took in every sample.
import type { JsonSchema } from '../../schema/types.js'
import { isExactDateTime } from '../../runtime/date-time.js'

/** How a value list is proposed: enforced (`enum`), as a hint (`x-known`), or not at all. */
export interface ValueListRule {
  /** At least this many samples before a list may be enforced. @default 20 */
  readonly minSamples: number
  /** At most this many distinct values in any list. @default 12 */
  readonly maxValues: number
}

/** The defaults: a list is enforced with 20+ samples and 2 to √n / 2 values (at most 12); else a hint. */
export const VALUE_LISTS: ValueListRule = { minSamples: 20, maxValues: 12 }

/** An inferred schema and the reasons behind its value lists and formats, for the proposal's evidence. */
export interface Inferred {
  readonly schema: JsonSchema
  readonly reasons: readonly string[]
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The schema of the values one field took (absent samples left out). Types are merged across samples (an integer
 * and a fraction give number; null adds "null"); an integer beyond 2^53 (a 19-digit id) makes an exact big
 * integer; a format is proposed only when every string has it; a string list is enforced only when its distinct
 * values are few against the samples, else offered as a hint; objects get `required` for the keys every sample has.
 */
export function inferSchema(values: readonly unknown[], path = '', rule: ValueListRule = VALUE_LISTS): Inferred {
  const reasons: string[] = []
  const byType = new Map<string, unknown[]>()
  for (const v of values) {
    const t = typeOf(v)
    byType.set(t, [...(byType.get(t) ?? []), v])
  }
  if (byType.has('integer') && byType.has('number')) {
    byType.set('number', [...byType.get('number')!, ...byType.get('integer')!])
    byType.delete('integer')
  }
  const types = [...byType.keys()].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))
  const schema: Record<string, unknown> = {}
  if (types.length === 1) schema['type'] = types[0]
  else if (types.length > 1) schema['type'] = types
  const strings = byType.get('string') as string[] | undefined
  if (strings !== undefined) Object.assign(schema, stringRules(strings, values.length, path, rule, reasons))
  const ints = byType.get('integer')
  if (ints?.some((v) => typeof v === 'bigint' || !Number.isSafeInteger(v))) {
    schema['x-bigint'] = true
    reasons.push(`${path || '/'}: integers beyond 2^53, kept exact (x-bigint)`)
  }
  const arrays = byType.get('array') as unknown[][] | undefined
  if (arrays !== undefined) {
    const items = arrays.flat()
    if (items.length > 0) {
      const inner = inferSchema(items, `${path}/*`, rule)
      schema['items'] = inner.schema
      reasons.push(...inner.reasons)
    }
  }
  const objects = byType.get('object') as Record<string, unknown>[] | undefined
  if (objects !== undefined) Object.assign(schema, objectRules(objects, path, rule, reasons))
  return { schema, reasons }
}

const ORDER = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null']

function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'bigint') return 'integer'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

function stringRules(
  strings: readonly string[],
  samples: number,
  path: string,
  rule: ValueListRule,
  reasons: string[],
) {
  const at = path || '/'
  if (strings.every(isExactDateTime)) {
    reasons.push(`${at}: format date-time (every one of ${count(strings.length)} samples)`)
    return { format: 'date-time' }
  }
  if (strings.every((s) => UUID.test(s))) {
    reasons.push(`${at}: format uuid (every one of ${count(strings.length)} samples)`)
    return { format: 'uuid' }
  }
  const distinct = [...new Set(strings)].sort()
  const why = `${distinct.length} value${distinct.length === 1 ? '' : 's'} in ${count(samples)} samples`
  // One value, however often, says nothing of the field's range (the capture exercised one setting): a hint.
  const enforce = distinct.length >= 2 && samples >= rule.minSamples && distinct.length <= Math.sqrt(samples) / 2
  if (distinct.length <= rule.maxValues && enforce) {
    reasons.push(`${at}: enum (${why})`)
    return { enum: distinct }
  }
  if (distinct.length <= rule.maxValues && strings.length >= 2 * distinct.length) {
    reasons.push(`${at}: x-known, not enforced (${why})`)
    return { 'x-known': distinct }
  }
  return {}
}

function objectRules(
  objects: readonly Record<string, unknown>[],
  path: string,
  rule: ValueListRule,
  reasons: string[],
) {
  const keys: string[] = []
  for (const o of objects) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k)
  // Many keys, each in few samples: a map keyed by data (names, URLs), not a record with fields.
  const seen = keys.map((k) => objects.filter((o) => k in o).length)
  if (keys.length > rule.maxValues && seen.reduce((a, b) => a + b, 0) / keys.length < objects.length / 2) {
    const inner = inferSchema(
      objects.flatMap((o) => Object.values(o)),
      `${path}/*`,
      rule,
    )
    reasons.push(`${path || '/'}: a map (${keys.length} keys, each in few samples)`, ...inner.reasons)
    return { additionalProperties: inner.schema }
  }
  const properties: Record<string, JsonSchema> = {}
  for (const k of keys) {
    const inner = inferSchema(
      objects.filter((o) => k in o).map((o) => o[k]),
      `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      rule,
    )
    properties[k] = inner.schema
    reasons.push(...inner.reasons)
  }
  const required = keys.filter((_, i) => seen[i] === objects.length)
  return { ...(required.length > 0 ? { required } : {}), properties }
}

/** A count with thousands separators: `1,200`. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
