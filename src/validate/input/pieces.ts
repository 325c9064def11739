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
  // The unfinished line carried over from earlier chunks.
  let parts: Buffer[] = []
  let partBytes = 0
  let skipping = false
  for await (const chunk of chunks) {
    let pos = 0
    if (skipping) {
      const nl = chunk.indexOf(NL)
      if (nl === -1) continue
      skipping = false
      pos = nl + 1
    }
    const last = chunk.lastIndexOf(NL)
    if (last >= pos) {
      parts.push(chunk.subarray(pos, last + 1))
      yield { bytes: joined(parts, partBytes + last + 1 - pos) }
      parts = []
      partBytes = 0
      pos = last + 1
    }
    if (pos === chunk.length) continue
    // One extra byte of slack: the line may yet end in a CR that is not part of the record.
    if (partBytes + chunk.length - pos > max + 1) {
      yield { tooLong: true }
      parts = []
      partBytes = 0
      skipping = true
    } else {
      parts.push(chunk.subarray(pos))
      partBytes += chunk.length - pos
    }
  }
  // A last line without a newline is still a record.
  if (partBytes > 0) yield { bytes: joined(parts, partBytes) }
}

/** One copy of the parts into a fresh ArrayBuffer of exactly their size (transferable, unlike pooled Buffers). */
function joined(parts: readonly Buffer[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
