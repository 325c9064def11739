// Parsing of the values only `evcat mock serve` takes: rates, ratios, start times (durations and counts are read by
// src/cli/option-values.ts). Each parser throws a RangeError with a sentence a user can act on; the CLI turns it
// into a usage error.

/** `10/s`, `10` or `max` (as fast as the consumer takes them: undefined). */
export function parseRate(text: string): number | undefined {
  if (text === 'max') return undefined
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text)
  const rate = m === null ? NaN : Number(m[1])
  if (!(rate > 0)) throw new RangeError(`--rate takes frames per second, as 10/s (or max), not "${text}"`)
  return rate
}

/** A share between 0 and 1 (`0.05`, or `5%`). */
export function parseRatio(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(text)
  const value = m === null ? NaN : Number(m[1]) / (m[2] === '%' ? 100 : 1)
  if (!(value >= 0 && value <= 1))
    throw new RangeError(`${option} takes a share between 0 and 1 (or 0%-100%), not "${text}"`)
  return value
}

/** `now` (undefined: each connection's own start), or an RFC 3339 time, in ms since the epoch. */
export function parseStart(text: string): number | undefined {
  if (text === 'now') return undefined
  const ms = Date.parse(text)
  if (!/^\d{4}-\d\d-\d\dT/.test(text) || Number.isNaN(ms))
    throw new RangeError(`--start takes now or an RFC 3339 time, as 2026-03-04T05:06:07Z, not "${text}"`)
  return ms
}
