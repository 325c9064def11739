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

/** How many bytes of a line that went over the limit are kept, so that a reader can still tell what it began with. */
const HEAD_BYTES = 4

/**
 * The unfinished tail of a line or record, carried from one chunk to the next, up to a size limit. Past the
 * limit its bytes are dropped (only its first few are kept, as `head`) and `over` is set, so that memory stays
 * bounded however long the line is; the reader reports it once and skips to its end.
 */
export class Carry {
  private parts: Buffer[] = []
  /** Bytes carried so far (0 once over the limit). */
  bytes = 0
  /** Whether the carried line went over the limit. */
  over = false
  /** The first bytes of a line that went over the limit. */
  head: Buffer = Buffer.alloc(0)

  constructor(private readonly max: number) {}

  /** Whether nothing is carried: no bytes, and no line over the limit. */
  get empty(): boolean {
    return this.bytes === 0 && !this.over
  }

  /** Carries `chunk[from, to)`; true exactly when this makes the line go over the limit (report it then, once). */
  add(chunk: Buffer, from = 0, to = chunk.length): boolean {
    if (this.over) return false
    if (this.bytes + (to - from) > this.max) {
      this.head = Buffer.concat([...this.parts, chunk.subarray(from, Math.min(to, from + HEAD_BYTES))]).subarray(
        0,
        HEAD_BYTES,
      )
      this.parts = []
      this.bytes = 0
      this.over = true
      return true
    }
    this.parts.push(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to))
    this.bytes += to - from
    return false
  }

  /** The carried bytes in one Buffer, still carried (joined once, so that looking again costs nothing). */
  peek(): Buffer {
    if (this.parts.length > 1) this.parts = [Buffer.concat(this.parts)]
    return this.parts[0] ?? Buffer.alloc(0)
  }

  /** The carried bytes followed by `chunk[from, to)` (when given) in one Buffer; the carry starts afresh. */
  take(chunk?: Buffer, from = 0, to = chunk?.length ?? 0): Buffer {
    if (chunk !== undefined && to > from) this.parts.push(chunk.subarray(from, to))
    const out = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts)
    this.reset()
    return out
  }

  /** Like take, but into a fresh ArrayBuffer of exactly that size (transferable to a worker, unlike pooled Buffers). */
  takeOwned(chunk?: Buffer, from = 0, to = chunk?.length ?? 0): Uint8Array {
    if (chunk !== undefined && to > from) this.parts.push(chunk.subarray(from, to))
    let size = 0
    for (const p of this.parts) size += p.length
    const out = new Uint8Array(size)
    let at = 0
    for (const p of this.parts) {
      out.set(p, at)
      at += p.length
    }
    this.reset()
    return out
  }

  /** Drops what is carried, and the over-the-limit state. */
  reset(): void {
    this.parts = []
    this.bytes = 0
    this.over = false
  }
}
