import { parseExact } from '../runtime/parse.js'
import type { Rng } from '../prng.js'
import type { FeedData, FeedEntry, InvalidTemplate } from './types.js'

/** An injected frame's value and what `evcat validate` will say about it. */
export interface Injected {
  readonly value: Record<string, unknown>
  readonly rule: string
  readonly pointer: string
}

/** An invalid fixture sent now: its send time refreshed, unless the send time is what it breaks. */
export function invalidValue(t: InvalidTemplate, stamp: string): Record<string, unknown> {
  const value = parseExact(t.text) as Record<string, unknown>
  for (const key of t.clockKeys) if (key in value && t.pointer !== `/${key}`) value[key] = stamp
  return value
}

/**
 * Bends a valid message into drift, as a newer server would send it: an event the catalog does not know (another
 * value at the event's own discriminator, when it has one and the coin says so), or else a field it does not know,
 * added to the family's drift object.
 */
export function driftValue(value: Record<string, unknown>, entry: FeedEntry, data: FeedData, rng: Rng): Injected {
  const unknownEvent = rng.chance(0.5)
  if (unknownEvent && entry.key !== undefined) {
    const path = entry.key.split('/').slice(1)
    const holder = objectAt(value, path.slice(0, -1))
    const last = path[path.length - 1]!
    if (holder !== undefined && typeof holder[last] === 'string') {
      holder[last] = unknownName(holder[last])
      return { value, rule: 'unknown-event', pointer: entry.key }
    }
  }
  const holder = objectAt(value, data.driftAt === '' ? [] : data.driftAt.split('/').slice(1)) ?? value
  const base = holder === value ? '' : data.driftAt
  const name = data.fieldStyle === 'snake' ? 'evcat_drift' : 'evcatDrift'
  holder[name] = rng.int(1, 1000)
  return { value, rule: 'unknown-field', pointer: `${base}/${name}` }
}

/** A name in the same spelling as `known` that no catalog has: `instance-started` → `instance-started-evcat-drift`. */
export function unknownName(known: string): string {
  if (/^[A-Z0-9_]+$/.test(known)) return `${known}_EVCAT_DRIFT`
  if (/^[a-z0-9-]+$/.test(known)) return `${known}-evcat-drift`
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(known)) return `${known}EvcatDrift`
  return `${known} (evcat drift)`
}

function objectAt(value: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | undefined {
  let node: unknown = value
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined
    node = (node as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node)
    ? (node as Record<string, unknown>)
    : undefined
}
