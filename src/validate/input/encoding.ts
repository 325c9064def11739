/** An input that is not UTF-8 and cannot be read as it is: one error for the whole input, with how to convert it. */
export class EncodingError extends Error {}

/**
 * Looks at an input's first bytes (at least 4 of them, unless it is shorter) for its encoding. UTF-8 (with or
 * without a byte order mark) gives undefined: read the bytes as they are. UTF-16 with a byte order mark gives
 * the input decoded to UTF-8 (from `head` on, without the mark). UTF-32, and UTF-16 without a mark (its NUL
 * bytes show), throw an EncodingError: read as UTF-8, every line would be unreadable.
 */
export function decodeToUtf8(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> | undefined {
  const [a, b, c, d] = head
  if ((a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff))
    throw new EncodingError(refusal('UTF-32', 'UTF-32'))
  if (a === 0xff && b === 0xfe) return utf16ToUtf8(head.subarray(2), rest, false)
  if (a === 0xfe && b === 0xff) return utf16ToUtf8(head.subarray(2), rest, true)
  if (head.length >= 2 && a !== 0 && b === 0)
    throw new EncodingError(refusal('UTF-16 without a byte order mark', 'UTF-16LE'))
  if (head.length >= 2 && a === 0 && b !== 0)
    throw new EncodingError(refusal('UTF-16 without a byte order mark', 'UTF-16BE'))
  return undefined
}

function refusal(what: string, iconv: string): string {
  return `the input is ${what}, not UTF-8; convert it first, e.g. iconv -f ${iconv} -t UTF-8 FILE > FILE.utf8`
}

/** UTF-16 bytes (after the byte order mark) as UTF-8 chunks, decoded as they stream; a bad sequence becomes U+FFFD. */
async function* utf16ToUtf8(first: Buffer, rest: AsyncIterator<Buffer>, bigEndian: boolean): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('utf-16le')
  let odd: Buffer | undefined
  const convert = (chunk: Buffer): Buffer => {
    let bytes = chunk
    if (bigEndian) {
      // Swapped in pairs; a byte left over waits for its pair in the next chunk.
      if (odd !== undefined) bytes = Buffer.concat([odd, bytes])
      const even = bytes.length - (bytes.length % 2)
      odd = even < bytes.length ? Buffer.from(bytes.subarray(even)) : undefined
      bytes = Buffer.from(bytes.subarray(0, even)).swap16()
    }
    return Buffer.from(decoder.decode(bytes, { stream: true }), 'utf8')
  }
  try {
    const start = convert(first)
    if (start.length > 0) yield start
    for (;;) {
      const next = await rest.next()
      if (next.done === true) break
      const out = convert(next.value)
      // An empty chunk is a live source's pause (live.ts): it passes on, so that readers still see it.
      if (out.length > 0 || next.value.length === 0) yield out
    }
  } finally {
    await rest.return?.(undefined)
  }
  const tail = decoder.decode() + (odd === undefined ? '' : '\ufffd')
  if (tail !== '') yield Buffer.from(tail, 'utf8')
}
