// Value lists: enforced (`const`, `enum`, or an anyOf/oneOf of them with versions per branch) and hinted (`x-known`).
import type { Definitions, JsonSchema } from '../../schema/types.js'
import { compareRanges } from '../range-change.js'
import { knownValues, short, shortList, valuesMissing } from './keywords.js'
import type { SchemaComparison } from './schema.js'
import { rangeWords, valueRanges } from './unions.js'

/** Compares the values two nodes enforce or hint at; `skip` leaves out enforced values (discriminator values). */
export function compareValues(
  c: SchemaComparison,
  [a, b]: readonly [JsonSchema, JsonSchema],
  [da, db]: readonly [Definitions, Definitions],
  pointer: string,
  skip: boolean,
): void {
  const ra = skip ? undefined : valueRanges(a, da)
  const rb = skip ? undefined : valueRanges(b, db)
  const va = ra === undefined ? undefined : [...ra.values()].map((x) => x.value)
  const vb = rb === undefined ? undefined : [...rb.values()].map((x) => x.value)
  const [ka, kb] = [knownValues(a), knownValues(b)]
  if (va !== undefined && vb !== undefined) {
    if ('const' in a && 'const' in b && va.length === 1 && vb.length === 1 && valuesMissing(va, vb).length > 0) {
      c.add('const-changed', pointer, `const ${shortList(va)} → ${shortList(vb)}`)
      return
    }
    const removed = valuesMissing(va, vb)
    const added = valuesMissing(vb, va)
    if (removed.length > 0) c.add('enum-value-removed', pointer, `values removed: ${shortList(removed)}`)
    if (added.length > 0) c.add('enum-value-added', pointer, `values added: ${shortList(added)}`)
    compareValueVersions(c, ra!, rb!, pointer)
    return
  }
  if (vb !== undefined) {
    if (ka !== undefined) c.add('known-value-enforced', pointer, `x-known ${shortList(ka)} → enforced ${shortList(vb)}`)
    else c.add('enum-added', pointer, `values restricted to ${shortList(vb)}`)
    return
  }
  if (va !== undefined) {
    if (kb !== undefined)
      c.add('enum-relaxed-to-known', pointer, `enforced ${shortList(va)} → x-known ${shortList(kb)}`)
    else c.add('enum-removed', pointer, `values no longer restricted (were ${shortList(va)})`)
    return
  }
  const knownAdded = valuesMissing(kb ?? [], ka ?? [])
  const knownRemoved = valuesMissing(ka ?? [], kb ?? [])
  if (knownAdded.length > 0) c.add('known-value-added', pointer, `x-known added: ${shortList(knownAdded)}`)
  if (knownRemoved.length > 0) c.add('known-value-removed', pointer, `x-known removed: ${shortList(knownRemoved)}`)
}

// A value both sides allow may be allowed by other versions (LXD's log levels: log15 names until 5.0).
function compareValueVersions(
  c: SchemaComparison,
  ra: ReturnType<typeof valueRanges> & object,
  rb: ReturnType<typeof valueRanges> & object,
  pointer: string,
): void {
  for (const [key, after] of rb) {
    const before = ra.get(key)
    if (before === undefined) continue
    const change = compareRanges(before.range, after.range)
    if (change === 'same') continue
    const text = `value ${short(after.value)} allowed in ${change === 'widened' ? 'more' : change === 'narrowed' ? 'fewer' : 'other'} versions: ${rangeWords(before.range)} → ${rangeWords(after.range)}`
    c.add(change === 'widened' ? 'versions-widened' : 'branch-versions-narrowed', pointer, text)
  }
}
