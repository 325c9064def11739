import { isAscii, isUtf8 } from 'node:buffer'
import type { InputRecord } from '../types.js'
import { BATCH_BYTES, BATCH_RECORDS, Carry, isBlank } from './chunks.js'

const NL = 10
const CR = 13

/** Why a record is unreadable when its bytes are not UTF-8. */
export const INVALID_UTF8 = 'invalid UTF-8'

/** The error for a record over the size limit: `record longer than the 64 MiB limit (67108864 bytes)`. */
export function tooLong(max: number): string {
  const MiB = 1024 * 1024
  const size = max % MiB === 0 ? `${max / MiB} MiB` : `${max}-byte`
  return `record longer than the ${size} limit (${max} bytes)`
}

/**
 * One record per line. This is the hot path, so it splits Buffers with indexOf rather than
 * readline, checks UTF-8 once per chunk rather than once per line, and allocates only the
 * record and its string for an ordinary line.
 */
export async function* readJsonl(
  chunks: AsyncIterable<Buffer>,
  file: string,
  max: number,
): AsyncGenerator<InputRecord[]> {
  let batch: InputRecord[] = []
  let batchBytes = 0
  let line = 0 // newlines seen so far; the current line is line + 1
  // The unfinished line carried over from earlier chunks; one extra byte of slack, since the line may yet end in
  // a CR that is not part of the record. Once it is over the limit, its bytes are dropped up to its newline.
  const carry = new Carry(max + 1)

  // A whole line assembled from several chunks (rare, so it need not be fast).
  const pushJoined = (buf: Buffer): void => {
    let end = buf.length
    if (end > 0 && buf[end - 1] === CR) end--
    if (isBlank(buf, 0, end)) return
    if (end > max) batch.push({ file, line, error: tooLong(max) })
    else if (!isUtf8(buf.subarray(0, end))) batch.push({ file, line, error: INVALID_UTF8 })
    else batch.push({ file, line, text: buf.toString('utf8', 0, end) })
    batchBytes += end
  }

  for await (const chunk of chunks) {
    const len = chunk.length
    // A pause (an empty chunk) changes nothing here: a line is complete at its newline, and yielded then.
    if (len === 0) continue
    let pos = 0

    if (!carry.empty) {
      const nl = chunk.indexOf(NL)
      if (nl === -1) {
        if (carry.add(chunk)) batch.push({ file, line: line + 1, error: tooLong(max) })
        pos = len
      } else {
        line++
        // A line over the limit was reported when it went over.
        if (!carry.over) {
          if (carry.add(chunk, 0, nl)) batch.push({ file, line, error: tooLong(max) })
          else pushJoined(carry.take())
        }
        carry.reset()
        pos = nl + 1
      }
    }

    // Every line ending in this chunk; 0x0A never occurs inside a multi-byte character, so
    // this span is whole characters and one isUtf8 call vouches for all of its lines.
    const lastNl = chunk.lastIndexOf(NL)
    if (lastNl >= pos) {
      // Pure ASCII (nearly every capture): the span is decoded once and its lines are cut from that string, with
      // the same offsets as in bytes; a line per Buffer call costs more than the rest of the reading, cold.
      const base = pos
      const ascii = isAscii(chunk.subarray(pos, lastNl + 1)) ? chunk.toString('latin1', pos, lastNl + 1) : undefined
      const allUtf8 = ascii !== undefined || isUtf8(chunk.subarray(pos, lastNl))
      let nl = ascii === undefined ? chunk.indexOf(NL, pos) : nextNewline(ascii, 0, base)
      while (nl !== -1) {
        line++
        let end = nl
        if (end > pos && chunk[end - 1] === CR) end--
        if (end > pos) {
          const c = chunk[pos]
          // Only a line starting with whitespace can be blank; the usual `{` skips the scan.
          if (!((c === 32 || c === 9 || c === CR) && isBlank(chunk, pos, end))) {
            if (end - pos > max) batch.push({ file, line, error: tooLong(max) })
            else if (ascii !== undefined) batch.push({ file, line, text: ascii.slice(pos - base, end - base) })
            else if (allUtf8 || isUtf8(chunk.subarray(pos, end)))
              batch.push({ file, line, text: chunk.toString('utf8', pos, end) })
            else batch.push({ file, line, error: INVALID_UTF8 })
            batchBytes += end - pos
            if (batch.length >= BATCH_RECORDS || batchBytes >= BATCH_BYTES) {
              yield batch
              batch = []
              batchBytes = 0
            }
          }
        }
        pos = nl + 1
        nl = ascii === undefined ? chunk.indexOf(NL, pos) : nextNewline(ascii, pos - base, base)
      }
    }

    if (pos < len && carry.add(chunk, pos)) batch.push({ file, line: line + 1, error: tooLong(max) })
    // Never hold records back waiting for more input: a live `lxc monitor | evcat validate -` must report promptly.
    if (batch.length > 0) {
      yield batch
      batch = []
      batchBytes = 0
    }
  }

  // A last line without a newline is still a record.
  if (carry.bytes > 0) {
    line++
    pushJoined(carry.take())
  }
  if (batch.length > 0) yield batch
}

/** The next newline's offset in the chunk, searching the decoded span `text` (which starts at `base`) from `from`. */
function nextNewline(text: string, from: number, base: number): number {
  const i = text.indexOf('\n', from)
  return i === -1 ? -1 : i + base
}
