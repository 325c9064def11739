import { Worker } from 'node:worker_threads'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDispatcher, type FamilyTable } from '../runtime/dispatch.js'
import {
  buffersOf,
  DEFAULT_MAX_RECORD_BYTES,
  detectFormat,
  jsonlPieces,
  openInput,
  readError,
  readFormat,
} from './input/index.js'
import { tooLong } from './input/jsonl.js'
import { dispatchOptions } from './dispatch-options.js'
import { judgePiece } from './piece.js'
import { judgeInto, unreadable, type ValidateOptions } from './run.js'
import { Tally } from './tally.js'
import type { InputKind, ValidationReport } from './types.js'
import type { PieceMessage, PieceResult, WorkerSetup } from './worker.js'

/**
 * The worker module beside this one, so a worker runs the same code as the thread that starts it: `worker.js` in
 * dist/, `worker.ts` when the sources run directly (tests register a TypeScript loader that workers inherit).
 */
export const WORKER_URL = new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)

/** A worker thread failed: an internal error of the run, not a problem of one input. */
class WorkerFailure extends Error {}

/**
 * Validates in `jobs` threads: the main thread and jobs - 1 workers. For JSONL (nearly every large capture) the
 * main thread reads and cuts the bytes at newlines and takes every jobs-th piece itself; the others are
 * transferred to the workers, which decode, split, parse and judge them. Results are applied in input order
 * and line numbers are restored, so the report is exactly that of one job. Other formats (JSON arrays, YAML)
 * are read and judged in the main thread.
 */
export async function validateInputsParallel(
  inputs: readonly string[],
  tables: readonly FamilyTable[],
  validatorsIndex: string,
  options: ValidateOptions & { readonly jobs: number },
): Promise<ValidationReport> {
  const strict = options.strict === true
  const maxProblems = options.maxProblems ?? 1000
  const max = DEFAULT_MAX_RECORD_BYTES
  const setup: WorkerSetup = {
    validatorsIndex,
    strict,
    maxRecordBytes: max,
    maxProblems,
    ...dispatchOptions(options),
  }
  const workers = Array.from({ length: options.jobs - 1 }, () => new Worker(WORKER_URL, { workerData: setup }))
  const waiting = new Map<number, (r: PieceResult) => void>()
  const failed = new Promise<never>((_, reject) => {
    for (const w of workers) {
      w.on('message', (r: PieceResult) => {
        const resolve = waiting.get(r.id)
        waiting.delete(r.id)
        resolve?.(r)
      })
      w.on('error', (e) => reject(new WorkerFailure(`a validation worker failed: ${e.message}`, { cause: e })))
      w.on('exit', (code) => reject(new WorkerFailure(`a validation worker stopped (exit code ${code})`)))
    }
  })
  failed.catch(() => undefined)
  const tally = new Tally(maxProblems)
  const local = createDispatcher(tables, dispatchOptions(options))
  const pending: (Promise<PieceResult> | PieceResult)[] = []
  let id = 0
  let lineOffset = 0
  let fileRecords = 0

  const apply = (r: PieceResult): void => {
    tally.merge(r, lineOffset)
    lineOffset += r.lines
    fileRecords += r.counts.total
    options.onProgress?.(tally.counts.total)
  }
  const drain = async (keep: number): Promise<void> => {
    while (pending.length > keep) apply(await Promise.race([pending.shift()!, failed]))
  }
  const send = (file: string, bytes: Uint8Array): void => {
    const message: PieceMessage = { id: id++, file, bytes }
    const worker = workers[message.id % options.jobs]
    // The main thread's turn: it judges the piece now, while the workers judge theirs.
    if (worker === undefined)
      pending.push(judgePiece(file, bytes, local, setup).then((t) => ({ id: message.id, ...t })))
    else {
      pending.push(new Promise<PieceResult>((resolve) => waiting.set(message.id, resolve)))
      worker.postMessage(message, [bytes.buffer as ArrayBuffer])
    }
  }

  try {
    for (const file of inputs) {
      lineOffset = 0
      fileRecords = 0
      let kind: InputKind | undefined
      try {
        const input = await openInput(file)
        const chunks = buffersOf(input.stream)[Symbol.asyncIterator]()
        try {
          const detected = await detectFormat(chunks, options.kind)
          kind = detected.kind
          if (kind === 'jsonl') {
            for await (const piece of jsonlPieces(detected.source, max)) {
              if (piece.tooLong) pending.push(tooLongLine(input.name, max))
              else send(input.name, piece.bytes)
              // A few pieces in flight per worker keep them busy without buffering the input in memory.
              await drain(options.jobs * 2)
            }
          } else {
            await drain(0)
            for await (const batch of readFormat(kind, detected.source, input.name, max)) {
              judgeInto(tally, batch, local, strict)
              fileRecords += batch.length
              options.onProgress?.(tally.counts.total)
            }
          }
        } catch (error) {
          throw error instanceof WorkerFailure ? error : readError(input, error)
        } finally {
          await chunks.return?.(undefined)
        }
        await drain(0)
        tally.files.push({ file, records: fileRecords, ...(kind === undefined ? {} : { kind }) })
      } catch (error) {
        if (error instanceof WorkerFailure) throw error
        // What was read before the failure is still reported, in order.
        await drain(0)
        tally.files.push({ file, records: fileRecords, error: error instanceof Error ? error.message : String(error) })
      }
    }
  } finally {
    for (const w of workers) w.removeAllListeners('exit')
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return tally.report(strict)
}

/** The verdict on a line over the size limit, which the main thread found without sending it anywhere. */
function tooLongLine(file: string, max: number): PieceResult {
  const tally = new Tally(1)
  tally.add('unreadable', undefined, undefined, unreadable({ file, line: 1 }, tooLong(max)))
  return { id: -1, lines: 1, counts: tally.counts, events: tally.events, problems: tally.problems, omitted: 0 }
}
