/**
 * JSON text as Go's encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`… (HTML-safe
 * escaping, on by default in Go). Those characters can only occur inside strings, so the text stays the same JSON.
 */
export function goEscape(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Go's RFC3339Nano in UTC (how a `time.Time` marshals): nanoseconds with trailing zeros trimmed, none when zero. */
export function goTimestamp(epochMs: number, nanos: number): string {
  const base = new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)
  const fraction = String(nanos).padStart(9, '0').replace(/0+$/, '')
  return `${base}${fraction === '' ? '' : '.' + fraction}Z`
}
