const NL = 0x0a
const CR = 0x0d
const SPACE = 0x20

/** A frame's bytes as one JSONL line (without its newline), and whether line breaks had to be replaced. */
export interface Line {
  readonly bytes: Buffer
  readonly replacedBreaks: boolean
}

/**
 * The line for a frame: its bytes exactly, minus the one newline (LF or CRLF) that line-oriented servers end
 * each message with (LXD and the Events Hub write `json.Encoder` output). A frame with line breaks inside (pretty
 * JSON) would span several lines, so each CR or LF left is replaced by a space: JSON allows raw line breaks
 * only between tokens, where a space means the same, so the value is unchanged. It is the only change
 * evcat ever makes to a frame, and it is counted.
 */
export function frameLine(data: Buffer): Line {
  let end = data.length
  if (end > 0 && data[end - 1] === NL) end -= end > 1 && data[end - 2] === CR ? 2 : 1
  const body = data.subarray(0, end)
  if (body.indexOf(NL) === -1 && body.indexOf(CR) === -1) return { bytes: body, replacedBreaks: false }
  const copy = Buffer.from(body)
  for (let i = 0; i < copy.length; i++) if (copy[i] === NL || copy[i] === CR) copy[i] = SPACE
  return { bytes: copy, replacedBreaks: true }
}

/** Lines joined with a newline after each, ready for one write. */
export function joinLines(lines: readonly Buffer[]): Buffer {
  let size = 0
  for (const l of lines) size += l.length + 1
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const l of lines) {
    at += l.copy(out, at)
    out[at++] = NL
  }
  return out
}
