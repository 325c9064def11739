/**
 * JSON text as Go's encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`… (HTML-safe
 * escaping, on by default in Go). Those characters can only occur inside strings, so the text stays the same JSON.
 */
export function goEscape(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
