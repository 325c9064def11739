import type { Readable } from 'node:stream'
import type { InputKind, InputRecord } from '../types.js'
import { buffersOf, DEFAULT_MAX_RECORD_BYTES, prepend } from './chunks.js'
import { bomLength, detectKind, enoughToDetect } from './detect.js'
import { readJsonValues } from './json-values.js'
import { readJsonl } from './jsonl.js'
import { readYaml } from './yaml.js'

export { detectKind } from './detect.js'
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
    // Read just enough to strip a byte order mark and, unless told, detect the format.
    let head: Buffer = Buffer.alloc(0)
    while (options.kind === undefined ? !enoughToDetect(head) : head.length < 3) {
      const next = await chunks.next()
      if (next.done === true) break
      head = head.length === 0 ? next.value : Buffer.concat([head, next.value])
    }
    const kind = options.kind ?? detectKind(head)
    options.onKind?.(kind)
    const source = prepend(head.subarray(bomLength(head)), chunks)
    switch (kind) {
      case 'jsonl':
        yield* readJsonl(source, input.name, max)
        break
      case 'json':
        yield* readJsonValues(source, input.name, max, 'array')
        break
      case 'json-seq':
        yield* readJsonValues(source, input.name, max, 'seq')
        break
      case 'yaml':
        yield* readYaml(source, input.name, max)
        break
    }
  } catch (err) {
    throw new Error(`cannot read ${input.name}: ${(err as Error).message}`, { cause: err })
  } finally {
    // Stopping early must release the file (a no-op when the stream has ended).
    await chunks.return?.(undefined)
  }
}
