const MARK = '\u0000evcat-bigint:'

/**
 * JSON.parse that keeps integers exact: one beyond 2^53 becomes a bigint, every other number stays a
 * number. Text without a 16-digit run (nearly all of it) costs one regex test more than JSON.parse.
 */
export function parseExact(text: string): unknown {
  if (!hasLongDigitRun(text)) return JSON.parse(text)
  const marked = markBigIntegers(text)
  if (marked.count === 0) return JSON.parse(text)
  let revived = 0
  const value: unknown = JSON.parse(marked.text, (_key, v: unknown) => {
    if (typeof v !== 'string' || !v.startsWith(MARK)) return v
    revived++
    return BigInt(v.slice(MARK.length))
  })
  // A string of the input that spells the marker (only possible with a \u0000 escape) would be revived too.
  if (revived !== marked.count)
    throw new SyntaxError('a string in this record collides with the exact-integer marker; it cannot be read exactly')
  return value
}

/**
 * The exact value of text that JSON.parse already turned into `parsed`: `parsed` itself unless the text has an
 * integer beyond 2^53 (then parsed again, exactly). Lets a caller parse once and pay for exactness only where
 * it matters.
 */
export function reparseExact(text: string, parsed: unknown): unknown {
  return hasLongDigitRun(text) ? parseExact(text) : parsed
}

/**
 * Whether text has a run of 16+ digits (the only way to write an integer beyond 2^53). Any such run that
 * starts in [i, i+15] covers position i+15, so a non-digit there skips 16 characters at once: about 10×
 * faster than /\d{16}/ on real event lines, which makes exactness nearly free for lines without long numbers.
 */
export function hasLongDigitRun(text: string): boolean {
  const n = text.length
  let i = 0
  while (i + 15 < n) {
    const c = text.charCodeAt(i + 15)
    if (c < 48 || c > 57) {
      i += 16
      continue
    }
    let j = i + 14
    while (j >= i) {
      const d = text.charCodeAt(j)
      if (d < 48 || d > 57) break
      j--
    }
    if (j < i) return true
    // No run can start at or before the non-digit at j.
    i = j + 1
  }
  return false
}

/**
 * Quotes every integer token outside strings that a double cannot hold exactly, with a marker the reviver
 * turns into a bigint. Strings are skipped by tracking quotes and escapes; JSON.parse still does all parsing.
 */
function markBigIntegers(text: string): { text: string; count: number } {
  let out = ''
  let last = 0
  let count = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
      continue
    }
    if (c === 34) {
      inString = true
      continue
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let j = i + 1
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++
      const next = text.charCodeAt(j)
      const isInteger = next !== 46 /* . */ && next !== 101 /* e */ && next !== 69 /* E */
      const token = text.slice(i, j)
      if (isInteger && token.length >= 16 && !Number.isSafeInteger(Number(token))) {
        // Written as the \u0000 escape: a raw control character is not allowed inside a JSON string.
        out += `${text.slice(last, i)}"\\u0000evcat-bigint:${token}"`
        last = j
        count++
      }
      // A fraction or an exponent belongs to this number: its digits are not an integer of their own
      // (Go prints a float64 with up to 17 significant digits, e.g. 0.30000000000000004).
      if (!isInteger) j = endOfNumber(text, j)
      i = j - 1
    }
  }
  return { text: out + text.slice(last), count }
}

/** The end of a number's fraction and exponent that start at `j` (a `.`, `e` or `E`). */
function endOfNumber(text: string, j: number): number {
  while (j < text.length) {
    const c = text.charCodeAt(j)
    if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 /* + */ || c === 45 /* - */) j++
    else break
  }
  return j
}
