import type { InputKind } from '../types.js'
import { isSpace } from './chunks.js'
import { RS } from './json-seq.js'

/** How much of an input detection looks at, at most. */
export const DETECT_BYTES = 64 * 1024

/** The offset just past a UTF-8 byte order mark at the start of `buf` (0 when there is none). */
export function bomLength(buf: Buffer): number {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0
}

/**
 * Guesses the format from the start of an input (up to DETECT_BYTES of it, or all of it): RS (0x1E) →
 * json-seq; `[` → json; `{` → jsonl when the first line is a whole JSON value, else json-concat; a `key:` or
 * `---` line → yaml; anything else → jsonl (so a junk first line is one unreadable record, not a YAML document).
 */
export function detectKind(firstBytes: Buffer): InputKind {
  let i = bomLength(firstBytes)
  while (i < firstBytes.length && isSpace(firstBytes[i])) i++
  // Nothing but whitespace: any reader yields no records; jsonl is the cheapest.
  if (i >= firstBytes.length) return 'jsonl'
  const first = firstBytes[i]
  if (first === RS) return 'json-seq'
  if (first === 0x5b) return 'json'
  if (first !== 0x7b) {
    // YAML (lxc monitor) starts with `key:`; anything else is read line by line, so every line is judged.
    const end = firstBytes.indexOf(10, i)
    const line = firstBytes.toString(
      'utf8',
      i,
      end === -1 ? Math.min(firstBytes.length, i + 256) : Math.min(end, i + 256),
    )
    return /^(---|[A-Za-z_@"'][^:]*:(\s|$))/.test(line) ? 'yaml' : 'jsonl'
  }
  const nl = firstBytes.indexOf(10, i)
  // A first line longer than the peek window is one huge record, so a JSONL line: pretty-printed
  // JSON breaks the line right after `{`. Not parsing it keeps detection cheap.
  if (nl === -1 ? firstBytes.length >= DETECT_BYTES : nl - i > DETECT_BYTES) return 'jsonl'
  try {
    JSON.parse(firstBytes.toString('utf8', i, nl === -1 ? firstBytes.length : nl))
    return 'jsonl'
  } catch {
    return 'json-concat'
  }
}

/** Whether `head` holds enough of the input for detectKind (a whole first non-blank line, or the window). */
export function enoughToDetect(head: Buffer): boolean {
  if (head.length >= DETECT_BYTES) return true
  // Fewer than 3 bytes may be a partial byte order mark.
  if (head.length < 3) return false
  let i = bomLength(head)
  while (i < head.length && isSpace(head[i])) i++
  // `[` and RS decide at once; anything else needs its whole first line (jsonl vs json-concat, yaml vs jsonl).
  if (i < head.length && (head[i] === 0x5b || head[i] === RS)) return true
  return i < head.length && head.indexOf(10, i) !== -1
}
