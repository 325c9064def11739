// Parsing of the values `evcat mock serve` takes: rates, durations, ratios, start times. Each parser throws a
// RangeError with a sentence a user can act on; the CLI turns it into a usage error.

/** `10/s`, `10` or `max` (as fast as the consumer takes them: undefined). */
export function parseRate(text: string): number | undefined {
  if (text === 'max') return undefined
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text)
  const rate = m === null ? NaN : Number(m[1])
  if (!(rate > 0)) throw new RangeError(`--rate takes frames per second, as 10/s (or max), not "${text}"`)
  return rate
}

/** `500ms`, `30s`, `2m`, `1h` or a number of seconds, in ms. */
export function parseDuration(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text)
  if (m === null) throw new RangeError(`${option} takes a duration, as 30s, 500ms or 2m, not "${text}"`)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!
  return Number(m[1]) * unit
}

/** A share between 0 and 1 (`0.05`, or `5%`). */
export function parseRatio(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(text)
  const value = m === null ? NaN : Number(m[1]) / (m[2] === '%' ? 100 : 1)
  if (!(value >= 0 && value <= 1))
    throw new RangeError(`${option} takes a share between 0 and 1 (or 0%-100%), not "${text}"`)
  return value
}

/** A whole number ≥ `min`. */
export function parseCount(text: string, option: string, min = 0): number {
  const n = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min)
    throw new RangeError(`${option} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not "${text}"`)
  return n
}

/** `now` (undefined: each connection's own start), or an RFC 3339 time, in ms since the epoch. */
export function parseStart(text: string): number | undefined {
  if (text === 'now') return undefined
  const ms = Date.parse(text)
  if (!/^\d{4}-\d\d-\d\dT/.test(text) || Number.isNaN(ms))
    throw new RangeError(`--start takes now or an RFC 3339 time, as 2026-03-04T05:06:07Z, not "${text}"`)
  return ms
}
