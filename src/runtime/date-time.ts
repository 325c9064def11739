const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Exact RFC 3339 date-time check: real calendar dates (no 2025-02-31), any fraction length
 * (Go's nanoseconds), `Z` or a numeric offset. Reads char codes directly: no regex, no allocation,
 * because it runs on every timestamp of every record.
 */
export function isExactDateTime(value: string): boolean {
  const n = value.length
  if (n < 20) return false
  const year = digits(value, 0, 4)
  const month = digits(value, 5, 2)
  const day = digits(value, 8, 2)
  const hour = digits(value, 11, 2)
  const minute = digits(value, 14, 2)
  const second = digits(value, 17, 2)
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 60
  )
    return false
  if (
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(16) !== 58
  )
    return false
  const t = value.charCodeAt(10)
  if (t !== 84 && t !== 116) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  if (day > (month === 2 && leap ? 29 : DAYS[month - 1]!)) return false
  let i = 19
  if (value.charCodeAt(i) === 46 /* . */) {
    i++
    const start = i
    while (i < n && isDigit(value.charCodeAt(i))) i++
    if (i === start) return false
  }
  const z = value.charCodeAt(i)
  if (z === 90 || z === 122) return i + 1 === n
  if ((z !== 43 && z !== 45) || i + 6 !== n || value.charCodeAt(i + 3) !== 58) return false
  const oh = digits(value, i + 1, 2)
  const om = digits(value, i + 4, 2)
  return oh >= 0 && oh <= 23 && om >= 0 && om <= 59
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** The number written by `count` digits at `at`, or -1 when any of them is not a digit. */
function digits(value: string, at: number, count: number): number {
  let out = 0
  for (let k = at; k < at + count; k++) {
    const c = value.charCodeAt(k)
    if (c < 48 || c > 57) return -1
    out = out * 10 + (c - 48)
  }
  return out
}
