import type { Readable } from 'node:stream'
import type { InputKind, InputRecord } from '../types.js'
import { buffersOf, DEFAULT_MAX_RECORD_BYTES, prepend } from './chunks.js'
import { bomLength, detectKind, enoughToDetect } from './detect.js'
import { readJsonValues } from './json-values.js'
import { readJsonl } from './jsonl.js'

export { detectKind } from './detect.js'
export { buffersOf, DEFAULT_MAX_RECORD_BYTES } from './chunks.js'
export { jsonlPieces, type JsonlPiece } from './pieces.js'
export { openInput } from './open.js'

/** An input to read: its name as the user gave it (`-` for standard input) and its bytes. */
export interface InputSource {
  readonly name: string
  readonly stream: NodeJS.ReadableStream | Readable
}

/** How to read an input. */
export interface ReadOptions {
  /** The format; detected from the first bytes when absent. */
  readonly kind?: InputKind
  /** A record (line, array element, document) longer than this is reported, not read. Default 64 MiB. */
  readonly maxRecordBytes?: number
  /** Told the format (given or detected) before the first record, e.g. for FileSummary.kind. */
  readonly onKind?: (kind: InputKind) => void
}

/**
 * The records of an input, in batches (at most about 1000 records or 1 MiB of text, and never
 * held back waiting for more input). A stream that fails (a read or gunzip error) makes the
 * generator throw an error naming the input, after the records read before the failure.
 */
export async function* readRecords(input: InputSource, options: ReadOptions = {}): AsyncGenerator<InputRecord[]> {
  const max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES
  const chunks = buffersOf(input.stream)[Symbol.asyncIterator]()
  try {
    const { kind, source } = await detectFormat(chunks, options.kind)
    options.onKind?.(kind)
    yield* readFormat(kind, source, input.name, max)
  } catch (err) {
    throw readError(input, err)
  } finally {
    // Stopping early must release the file (a no-op when the stream has ended).
    await chunks.return?.(undefined)
  }
}

/**
 * Reads just enough of an input to strip a byte order mark and, unless `kind` is given, detect its format.
 * Returns the format and the input's bytes from the start again (the head re-joined, without the mark).
 */
export async function detectFormat(
  chunks: AsyncIterator<Buffer>,
  kind?: InputKind,
): Promise<{ kind: InputKind; source: AsyncGenerator<Buffer> }> {
  let head: Buffer = Buffer.alloc(0)
  while (kind === undefined ? !enoughToDetect(head) : head.length < 3) {
    const next = await chunks.next()
    if (next.done === true) break
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value])
  }
  return { kind: kind ?? detectKind(head), source: prepend(head.subarray(bomLength(head)), chunks) }
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
      yield* readJsonValues(source, name, max, 'seq')
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
