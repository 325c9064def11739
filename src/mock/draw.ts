import { parseExact } from '../runtime/parse.js'
import type { Rng } from '../prng.js'
import type { FeedEntry } from './types.js'

/** Draws events by weight: a uniform number in [0, 1) maps to the entry whose cumulative share covers it. */
export class WeightedDraw {
  private readonly cumulative: number[] = []

  constructor(readonly entries: readonly FeedEntry[]) {
    if (entries.length === 0) throw new RangeError('a weighted draw needs at least one event')
    const total = entries.reduce((a, e) => a + e.weight, 0)
    let sum = 0
    for (const e of entries) this.cumulative.push((sum += e.weight / total))
  }

  /** The entry that `u` (in [0, 1)) falls on. */
  pick(u: number): FeedEntry {
    let lo = 0
    let hi = this.entries.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.cumulative[mid]! > u) hi = mid
      else lo = mid + 1
    }
    return this.entries[lo]!
  }
}

/**
 * A fresh copy of one of an entry's templates: its clock fields set to `stamp` and a new 64-hex id in each id
 * field it has. Consumes one `rng.hex(64)` per id field, whether or not this template has it, so the draws that
 * follow do not depend on which template was picked.
 */
export function refreshed(entry: FeedEntry, template: string, stamp: string, rng: Rng): Record<string, unknown> {
  const value = parseExact(template) as Record<string, unknown>
  for (const key of entry.clockKeys) if (key in value) value[key] = stamp
  for (const key of entry.idKeys) {
    const id = rng.hex(64)
    if (key in value) value[key] = id
  }
  return value
}
