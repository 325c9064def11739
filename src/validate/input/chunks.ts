import type { Readable } from 'node:stream'
import type { InputRecord } from '../types.js'

/** A batch is handed to the consumer once it holds this many records… */
export const BATCH_RECORDS = 1000
/** …or this many bytes of record text, so one batch never pins much memory. */
export const BATCH_BYTES = 1 << 20
/** The default limit on one record's size (`maxRecordBytes`). */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024

/** Accumulates records and says when the batch should be yielded. */
export class Batch {
  records: InputRecord[] = []
  bytes = 0

  /** Adds a record that cost `bytes` of input. */
  push(record: InputRecord, bytes: number): void {
    this.records.push(record)
    this.bytes += bytes
  }

  /** Whether the batch has reached its size limits. */
  get full(): boolean {
    return this.records.length >= BATCH_RECORDS || this.bytes >= BATCH_BYTES
  }

  /** Hands over the records collected so far and starts an empty batch. */
  take(): InputRecord[] {
    const out = this.records
    this.records = []
    this.bytes = 0
    return out
  }
}

/** The chunks of a stream as Buffers (a stream with an encoding set yields strings). */
export async function* buffersOf(stream: NodeJS.ReadableStream | Readable): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string | Uint8Array>) {
    if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8')
    else if (Buffer.isBuffer(chunk)) yield chunk
    else yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  }
}

/** `head` followed by whatever `rest` still has: how peeked-at chunks are put back. */
export async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head
  try {
    for (;;) {
      const next = await rest.next()
      if (next.done === true) return
      yield next.value
    }
  } finally {
    // Stopping early (the consumer broke out) must still release the underlying stream.
    await rest.return?.(undefined)
  }
}

/** Whether a byte is JSON/YAML insignificant whitespace (space, tab, CR, LF). */
export function isSpace(byte: number | undefined): boolean {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9
}

/** Whether bytes [start, end) of `buf` are all whitespace. */
export function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(buf[i])) return false
  return true
}
