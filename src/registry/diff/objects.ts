import type { JsonSchema } from '../../schema/types.js'
import { describeRange, inRange, nodeMarks, parseRange, rangeText, versionsIn } from '../../schema/version-range.js'
import { compareRanges, intersect, rangeOfMarks, rangeOfNode } from '../range-change.js'
import { describeSchema, jsonTypes } from './keywords.js'
import type { SchemaComparison, VersionContext } from './schema.js'

/**
 * Whether a field must be present: `required` (the types have it required: listed, and unversioned or sent by every
 * known version that sends the event), `versions` (listed and versioned: required only by `--server F@V` for the
 * versions that send it), or `optional`.
 */
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
    const [ra, rb] = [requiredness(a, key, c.context.before), requiredness(b, key, c.context.after)]
    if (!(key in pb)) {
      c.add('field-removed', at, `field "${key}" removed (was ${describeField(ra, pa[key]!)})`)
    } else if (!(key in pa)) {
      const rule =
        rb === 'optional'
          ? 'field-added'
          : rb === 'versions'
            ? 'field-added-required-in-versions'
            : 'required-field-added'
      c.add(rule, at, `field "${key}" added (${describeField(rb, pb[key]!)})`)
    } else {
      c.node(pa[key]!, pb[key]!, at, false)
      requirednessChange(c, at, key, [ra, rb], [pa[key]!, pb[key]!])
    }
  }
  modeChange(c, a, b, pointer)
}

/** Whether a node requires one of its fields, as the types see it and as each version's check sees it. */
export function requiredness(node: JsonSchema, key: string, context: VersionContext): Requiredness {
  const required = Array.isArray(node['required']) && node['required'].includes(key)
  if (!required) return 'optional'
  const prop = (node['properties'] as Record<string, JsonSchema> | undefined)?.[key]
  // A family without known versions has no per-version check: its version marks are notes (as every family's
  // were before evcat checked versions), and a name in `required` is required.
  if (prop === undefined || rangeText(nodeMarks(prop)) === undefined || context.known.length === 0) return 'required'
  // As the model projects for the types: required when every known version that sends the event sends the field.
  const sending = versionsIn(context.known, context.sentBy)
  const range = parseRange(rangeText(nodeMarks(prop))!)
  return sending.length > 0 && sending.every((v) => inRange(range, v)) ? 'required' : 'versions'
}

function requirednessChange(
  c: SchemaComparison,
  at: string,
  key: string,
  [ra, rb]: readonly [Requiredness, Requiredness],
  [sa, sb]: readonly [JsonSchema, JsonSchema],
): void {
  const [la, lb] = [label(ra, sa), label(rb, sb)]
  const text = `"${key}" ${la} → ${lb}`
  if (ra === rb) {
    if (ra !== 'versions') return
    // Required in the versions that send it on both sides: compare those versions exactly.
    const change = requiredRangeChange(sa, sb, c)
    if (change === 'widened' || change === 'changed') c.add('field-required-in-versions', at, text)
    else if (change === 'narrowed') c.add('field-optional-in-versions', at, text)
    return
  }
  if (rb === 'required') c.add('field-required', at, text)
  else if (ra === 'required') c.add('field-optional', at, text)
  else if (rb === 'versions') c.add('field-required-in-versions', at, text)
  else c.add('field-optional-in-versions', at, text)
}

// The versions that require a field: the field's range within the event's.
function requiredRangeChange(a: JsonSchema, b: JsonSchema, c: SchemaComparison): string {
  try {
    const before = intersect(rangeOfNode(a), rangeOfMarks({ versions: c.context.before.sentBy }))
    const after = intersect(rangeOfNode(b), rangeOfMarks({ versions: c.context.after.sentBy }))
    return compareRanges(before, after)
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

// `optional string`, `required integer`, `string required in versions until 4.23`.
function describeField(r: Requiredness, schema: JsonSchema): string {
  return r === 'versions' ? `${describeSchema(schema)} ${label(r, schema)}` : `${r} ${describeSchema(schema)}`
}

// `required`, `optional`, or `required in versions since 5.6` (the versions that send the field).
function label(r: Requiredness, schema: JsonSchema): string {
  if (r !== 'versions') return r
  return `required in versions ${describeRange(rangeText(nodeMarks(schema))!)}`
}
