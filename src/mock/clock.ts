import type { Rng } from '../prng.js'
import { toPath, valueAt } from '../runtime/pointer.js'
import { formatTime, parseTime } from './time.js'
import type { TimeSite, ZoneChoice } from './types.js'

/** The zone each zone key stands for in one feed or stream, drawn once by weight: one server prints in one zone. */
export function chooseZones(zones: Readonly<Record<string, readonly ZoneChoice[]>>, rng: Rng): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, choices] of Object.entries(zones)) {
    const chosen = byWeight(choices, rng.next() * choices.reduce((n, c) => n + c.weight, 0))
    if (chosen !== undefined) out[key] = chosen.zone
  }
  return out
}

function byWeight(choices: readonly ZoneChoice[], u: number): ZoneChoice | undefined {
  for (const c of choices) {
    if (u < c.weight) return c
    u -= c.weight
  }
  return choices[choices.length - 1]
}

/** How a time site prints `epochNs` in the feed's zones. */
export function printTime(
  epochNs: bigint,
  site: Pick<TimeSite, 'layout' | 'zone'>,
  zones: Readonly<Record<string, string>>,
): string {
  return formatTime(epochNs, site.layout, site.zone === undefined ? 'Z' : (zones[site.zone] ?? 'Z'))
}

/**
 * Moves a message's times to `clockNs`: the first time (the send time; the first one that parses, `skip` and what
 * is under it left out) is set to it, the others move by as much, so their order and gaps stay; each is printed in
 * its layout and zone. `skip` is the pointer an invalid fixture breaks, which stays as it is.
 */
export function restamp(
  value: unknown,
  times: readonly TimeSite[],
  clockNs: bigint,
  zones: Readonly<Record<string, string>>,
  skip?: string,
): void {
  let delta: bigint | undefined
  for (const site of times) {
    if (skip !== undefined && (site.pointer === skip || site.pointer.startsWith(`${skip}/`))) continue
    const path = toPath(site.pointer)
    const text = valueAt(value, path)
    const parsed = typeof text === 'string' ? parseTime(text) : undefined
    if (parsed === undefined) continue
    delta ??= clockNs - parsed.epochNs
    const holder = valueAt(value, path.slice(0, -1)) as Record<string, unknown>
    holder[path[path.length - 1]!] = printTime(parsed.epochNs + delta, site, zones)
  }
}
