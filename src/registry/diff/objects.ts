import type { JsonSchema } from '../../catalog/types.js'
import { compareRanges, nodeVersionKeys, rangeOf } from '../versions.js'
import { describeSchema, jsonTypes } from './keywords.js'
import type { SchemaComparison } from './schema.js'

/** Whether a field must be present: always, only in the versions that send it (issue #11), or never. */
export type Requiredness = 'required' | 'versions' | 'optional'

/** How an object treats fields it does not list: closed (drift), open (anything), or a map with a value schema. */
type Mode = 'closed' | 'open' | 'map'

/** Compares the object keywords of two nodes: fields, whether each is required, and unlisted fields. */
export function compareObjects(c: SchemaComparison, a: JsonSchema, b: JsonSchema, pointer: string): void {
  if (!jsonTypes(a).has('object') || !jsonTypes(b).has('object')) return
  const pa = (a['properties'] ?? {}) as Record<string, JsonSchema>
  const pb = (b['properties'] ?? {}) as Record<string, JsonSchema>
  const keys = [...Object.keys(pb), ...Object.keys(pa).filter((k) => !(k in pb))]
  for (const key of keys) {
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
    const [ra, rb] = [requiredness(a, key), requiredness(b, key)]
    if (!(key in pb)) {
      c.add('field-removed', at, `field "${key}" removed (was ${describeField(ra, pa[key]!)})`)
    } else if (!(key in pa)) {
      const rule = rb === 'optional' ? 'field-added' : 'required-field-added'
      c.add(rule, at, `field "${key}" added (${describeField(rb, pb[key]!)})`)
    } else {
      c.node(pa[key]!, pb[key]!, at, false)
      requirednessChange(c, at, key, [ra, rb], [pa[key]!, pb[key]!])
    }
  }
  modeChange(c, a, b, pointer)
}

/** Whether a node requires one of its fields, and in which versions. */
export function requiredness(node: JsonSchema, key: string): Requiredness {
  const required = Array.isArray(node['required']) && node['required'].includes(key)
  if (!required) return 'optional'
  const prop = (node['properties'] as Record<string, JsonSchema> | undefined)?.[key]
  return prop !== undefined && nodeVersionKeys(prop) !== undefined ? 'versions' : 'required'
}

function requirednessChange(
  c: SchemaComparison,
  at: string,
  key: string,
  [ra, rb]: readonly [Requiredness, Requiredness],
  [sa, sb]: readonly [JsonSchema, JsonSchema],
): void {
  const text = `"${key}" ${label(ra)} → ${label(rb)}`
  if (ra === rb) {
    // Required in the versions that send it, and sent by more versions now: required in more versions.
    if (ra !== 'versions') return
    const change = safeRangeChange(sa, sb)
    if (change === 'widened' || change === 'changed') c.add('field-required', at, `"${key}" required in more versions`)
    return
  }
  if (ra === 'optional') c.add('field-required', at, text)
  else if (rb === 'required') c.add('field-required', at, text)
  else if (ra === 'required') c.add('field-optional', at, text)
  else c.add('field-optional-in-versions', at, text)
}

function safeRangeChange(a: JsonSchema, b: JsonSchema): string {
  try {
    return compareRanges(rangeOf(nodeVersionKeys(a) ?? {}), rangeOf(nodeVersionKeys(b) ?? {}))
  } catch {
    return 'changed'
  }
}

function modeChange(c: SchemaComparison, a: JsonSchema, b: JsonSchema, pointer: string): void {
  const [ma, mb] = [mode(a), mode(b)]
  if (ma === 'closed' && mb !== 'closed') c.add('object-opened', pointer, `unlisted fields: closed → ${mb}`)
  else if (ma !== 'closed' && mb === 'closed') c.add('object-closed', pointer, `unlisted fields: ${ma} → closed`)
  else if (ma !== 'closed' && (ma === 'map' || mb === 'map')) {
    const values = (node: JsonSchema, m: Mode) => (m === 'map' ? (node['additionalProperties'] as JsonSchema) : {})
    c.node(values(a, ma), values(b, mb), `${pointer}/*`, false)
  }
}

// Objects that say `type: object`, list properties and say nothing of additionalProperties are closed by evcat.
function mode(node: JsonSchema): Mode {
  const ap = node['additionalProperties']
  if (ap === false) return 'closed'
  if (ap === true) return 'open'
  if (ap !== null && typeof ap === 'object') return 'map'
  const t = node['type']
  const isObject = t === 'object' || (Array.isArray(t) && t.includes('object'))
  return isObject && node['properties'] !== undefined ? 'closed' : 'open'
}

function describeField(r: Requiredness, schema: JsonSchema): string {
  return `${label(r)} ${describeSchema(schema)}`
}

function label(r: Requiredness): string {
  return r === 'versions' ? 'required in its versions' : r
}
