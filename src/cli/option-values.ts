import { UsageError } from '../errors.js'

// The values that the live commands (tap, mock serve, report merge) take, read one way; each error names the
// option and shows a value it would take.

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** `500ms`, `30s`, `5m`, `1h`, or a plain number of seconds, in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim())
  if (m === null) throw new UsageError(`${option} takes a duration such as 30s, 5m, 1h or 500ms, not "${text}"`)
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']!)
}

/** A whole number ≥ `min`. */
export function parseCount(text: string, option: string, min = 0): number {
  const n = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${option} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not "${text}"`)
  return n
}
