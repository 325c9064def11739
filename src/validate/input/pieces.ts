import { Carry } from './chunks.js'

const NL = 10

/**
 * A run of whole JSONL lines as raw bytes in a buffer of their own (so it can be transferred to a worker
 * thread without a copy), or a line already known to be too long, which stands for exactly one line.
 */
export type JsonlPiece =
  { readonly bytes: Uint8Array; readonly tooLong?: undefined } | { readonly tooLong: true; readonly bytes?: undefined }

/**
 * Cuts JSONL bytes at the last newline of each chunk, without decoding anything: the cheap half of
 * `readJsonl`, for `--jobs`, where workers decode, split and judge the lines. Every piece but the last ends
 * in a newline. A line over `max` bytes is not buffered: it becomes one `tooLong` piece, as `readJsonl`
 * reports it, and its bytes are dropped up to its newline.
 */
export async function* jsonlPieces(chunks: AsyncIterable<Buffer>, max: number): AsyncGenerator<JsonlPiece> {
  // The unfinished line carried over from earlier chunks (one byte of slack for a CR, as readJsonl has).
  const carry = new Carry(max + 1)
  for await (const chunk of chunks) {
    let pos = 0
    if (carry.over) {
      const nl = chunk.indexOf(NL)
      if (nl === -1) continue
      carry.reset()
      pos = nl + 1
    }
    const last = chunk.lastIndexOf(NL)
    if (last >= pos) {
      yield { bytes: carry.takeOwned(chunk, pos, last + 1) }
      pos = last + 1
    }
    if (pos < chunk.length && carry.add(chunk, pos)) yield { tooLong: true }
  }
  // A last line without a newline is still a record.
  if (carry.bytes > 0) yield { bytes: carry.takeOwned() }
}
