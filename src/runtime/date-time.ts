const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Exact RFC 3339 date-time check: real calendar dates (no 2025-02-31), any fraction length
 * (Go's nanoseconds), `Z` or a numeric offset. One regex and integer math, no Date allocation.
 */
export function isExactDateTime(value: string): boolean {
  const m = RFC3339.exec(value)
  if (m === null) return false
  const year = +m[1]!
  const month = +m[2]!
  const day = +m[3]!
  if (month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const max = month === 2 && leap ? 29 : DAYS[month - 1]!
  if (day > max) return false
  // 60 seconds is allowed for leap seconds, as RFC 3339 does.
  if (+m[4]! > 23 || +m[5]! > 59 || +m[6]! > 60) return false
  if (m[7] !== undefined && (+m[8]! > 23 || +m[9]! > 59)) return false
  return true
}
