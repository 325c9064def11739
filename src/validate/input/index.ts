import type { Readable } from 'node:stream'
import type { InputKind, InputRecord } from '../types.js'
import { buffersOf, DEFAULT_MAX_RECORD_BYTES, prepend } from './chunks.js'
import { bomLength, detectKind, enoughToDetect } from './detect.js'
import { readJsonValues } from './json-values.js'
import { readJsonSeq } from './json-seq.js'
import { readJsonl } from './jsonl.js'
import { decodeToUtf8 } from './encoding.js'
import { liveChunks, PAUSE_MS, StoppedReading } from './live.js'

export { detectKind } from './detect.js'
export { buffersOf, DEFAULT_MAX_RECORD_BYTES } from './chunks.js'
export { jsonlPieces, type JsonlPiece } from './pieces.js'
export { openInput } from './open.js'
export { liveChunks, PAUSE, PAUSE_MS, StoppedReading, type LiveOptions } from './live.js'

/** An input to read: its name as the user gave it (`-` for standard input) and its bytes. */
export interface InputSource {
  readonly name: string
  readonly stream: NodeJS.ReadableStream | Readable
  /** Whether the bytes arrive as something else makes them (a pipe, a terminal), so the source may pause. @default false */
  readonly live?: boolean
  /** Releases the input before its end (on a stop). @default nothing to release */
  readonly close?: () => void
}

/** How to read an input. */
export interface ReadOptions {
  /** The format; detected from the first bytes when absent. */
  readonly kind?: InputKind
  /** A record (line, array element, document) longer than this is counted as unreadable, not read. @default 64 MiB */
  readonly maxRecordBytes?: number
  /** Told the format (given or detected) before the first record, e.g. for FileSummary.kind. */
  readonly onKind?: (kind: InputKind) => void
  /** Stops reading when aborted: the records complete so far are yielded, then StoppedReading is thrown. */
  readonly signal?: AbortSignal
}

/**
 * The records of an input, in batches (at most about 1000 records or 1 MiB of text, and never
 * held back waiting for more input: a live input's pause hands over what is complete). A stream that fails (a
 * read or gunzip error) makes the generator throw an error naming the input, after the records read before the
 * failure; a stop (`signal`) throws StoppedReading, after the records complete when it came.
 */
export async function* readRecords(input: InputSource, options: ReadOptions = {}): AsyncGenerator<InputRecord[]> {
  const max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES
  const chunks = inputChunks(input, options.signal)
  let whole = false
  try {
    const { kind, source } = await detectFormat(chunks, options.kind)
    options.onKind?.(kind)
    yield* readFormat(kind, source, input.name, max)
    whole = true
  } catch (err) {
    throw err instanceof StoppedReading ? err : readError(input, err)
  } finally {
    // Stopping early must release the file (a no-op when the stream has ended); a pipe whose writer goes on
    // (a broken JSON array from lxc) must be closed, or a read waiting on it keeps the process alive.
    if (!whole) input.close?.()
    await chunks.return?.(undefined)
  }
}

/** An input's bytes, with pauses marked when it is live, and a stop when `signal` aborts. */
export function inputChunks(input: InputSource, signal?: AbortSignal): AsyncGenerator<Buffer> {
  return liveChunks(buffersOf(input.stream)[Symbol.asyncIterator](), {
    ...(signal === undefined ? {} : { signal }),
    ...(input.live === true ? { idleMs: PAUSE_MS } : {}),
    ...(input.close === undefined ? {} : { close: input.close }),
  })
}

/**
 * Reads just enough of an input to find its encoding (UTF-8; UTF-16 with a byte order mark is decoded to UTF-8;
 * anything else that is not UTF-8 is refused with a hint) and, unless `kind` is given, its format. Returns the
 * format and the input's UTF-8 bytes from the start again (the head re-joined, without the byte order mark).
 */
export async function detectFormat(
  chunks: AsyncIterator<Buffer>,
  kind?: InputKind,
): Promise<{ kind: InputKind; source: AsyncGenerator<Buffer> }> {
  let head = await peek(chunks, Buffer.alloc(0), (h) => h.length >= 4)
  let rest = chunks
  const utf8 = decodeToUtf8(head, chunks)
  if (utf8 !== undefined) {
    rest = utf8[Symbol.asyncIterator]()
    head = Buffer.alloc(0)
  }
  head = await peek(rest, head, (h) => (kind === undefined ? enoughToDetect(h) : h.length >= 3))
  return { kind: kind ?? detectKind(head), source: prepend(head.subarray(bomLength(head)), rest) }
}

/** Reads chunks onto `head` until `enough` says so or the input ends. */
async function peek(chunks: AsyncIterator<Buffer>, head: Buffer, enough: (head: Buffer) => boolean): Promise<Buffer> {
  while (!enough(head)) {
    const next = await chunks.next()
    if (next.done === true) break
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value])
  }
  return head
}

/** The records of bytes in a known format. */
export async function* readFormat(
  kind: InputKind,
  source: AsyncIterable<Buffer>,
  name: string,
  max: number,
): AsyncGenerator<InputRecord[]> {
  switch (kind) {
    case 'jsonl':
      yield* readJsonl(source, name, max)
      break
    case 'json':
      yield* readJsonValues(source, name, max, 'array')
      break
    case 'json-seq':
      yield* readJsonSeq(source, name, max)
      break
    case 'json-concat':
      yield* readJsonValues(source, name, max, 'concat')
      break
    case 'yaml': {
      // Imported here: the yaml parser is for `lxc monitor` YAML only, and JSONL runs must not load it.
      const { readYaml } = await import('./yaml.js')
      yield* readYaml(source, name, max)
      break
    }
  }
}

/** The error for an input whose stream failed, naming it. */
export function readError(input: InputSource, err: unknown): Error {
  return new Error(`cannot read ${input.name}: ${(err as Error).message}`, { cause: err })
}
