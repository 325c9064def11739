import { Worker } from 'node:worker_threads'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDispatcher, type FamilyTable, type Verdict } from '../runtime/dispatch.js'
import {
  DEFAULT_MAX_RECORD_BYTES,
  detectFormat,
  inputChunks,
  jsonlPieces,
  openInput,
  readError,
  readFormat,
  StoppedReading,
  type JsonlPiece,
} from './input/index.js'
import { tooLong } from './input/jsonl.js'
import { dispatchOptions } from './dispatch-options.js'
import { judgePiece } from './piece.js'
import { judgeInto, stopReason, unreadable, type ValidateOptions } from './run.js'
import { Tally } from './tally.js'
import type { InputKind, InputRecord, ValidationReport } from './types.js'
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
 * transferred to the workers, which decode, split, parse and judge them. Results are applied in input order, each
 * as soon as it and every piece before it are judged (so a live input's verdicts are not held back), and line
 * numbers are restored, so the report is exactly that of one job. Other formats (JSON arrays, YAML) are read
 * and judged in the main thread.
 */
export async function validateInputsParallel(
  inputs: readonly string[],
  tables: readonly FamilyTable[],
  validatorsIndex: string,
  options: ValidateOptions & { readonly jobs: number },
): Promise<ValidationReport> {
  const strict = options.strict === true
  const maxProblems = options.maxProblems ?? 1000
  const setup: WorkerSetup = {
    validatorsIndex,
    strict,
    maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
    maxProblems,
    ...dispatchOptions(options),
  }
  const tally = new Tally(maxProblems)
  tally.onKept = options.onProblem
  tally.keepProblems = options.keepProblems !== false
  const pieces = new PieceQueue(tally, setup, createDispatcher(tables, dispatchOptions(options)), options)
  try {
    for (const file of inputs) {
      if (options.signal?.aborted === true) {
        tally.stoppedBy = stopReason(options.signal)
        break
      }
      if (!(await readOne(file, pieces, options))) break
    }
  } finally {
    await pieces.close()
  }
  return tally.report(strict)
}

/** Reads and judges one input; false when reading was stopped (no input after it is read). */
async function readOne(file: string, pieces: PieceQueue, options: ValidateOptions): Promise<boolean> {
  const { tally } = pieces
  pieces.startFile()
  let kind: InputKind | undefined
  try {
    const input = await openInput(file)
    const chunks = inputChunks(input, options.signal)
    try {
      const detected = await detectFormat(chunks, options.kind)
      kind = detected.kind
      if (kind === 'jsonl') {
        for await (const piece of jsonlPieces(detected.source, DEFAULT_MAX_RECORD_BYTES)) {
          pieces.send(input.name, piece)
          // A few pieces in flight per worker keep them busy without buffering the input in memory.
          await pieces.drain(pieces.jobs * 2)
        }
      } else {
        await pieces.drain(0)
        for await (const batch of readFormat(kind, detected.source, input.name, DEFAULT_MAX_RECORD_BYTES))
          pieces.judgeHere(batch)
      }
    } catch (error) {
      // A pipe whose writer goes on must be closed, or a read waiting on it keeps the process alive.
      input.close?.()
      throw error instanceof WorkerFailure || error instanceof StoppedReading ? error : readError(input, error)
    } finally {
      await chunks.return?.(undefined)
    }
    await pieces.drain(0)
    tally.files.push({ file, records: pieces.fileRecords, ...(kind === undefined ? {} : { kind }) })
    return true
  } catch (error) {
    if (error instanceof WorkerFailure) throw error
    // What was read before the failure or the stop is still reported, in order.
    await pieces.drain(0)
    if (error instanceof StoppedReading) {
      tally.files.push({ file, records: pieces.fileRecords, ...(kind === undefined ? {} : { kind }) })
      tally.stoppedBy = stopReason(options.signal)
      return false
    }
    const message = error instanceof Error ? error.message : String(error)
    tally.files.push({ file, records: pieces.fileRecords, error: message })
    return true
  }
}

/**
 * The pieces in flight: judged by the workers and the main thread in turn, applied to the tally in input order as
 * soon as each one and every one before it are done.
 */
class PieceQueue {
  readonly jobs: number
  /** Records of the current file applied so far. */
  fileRecords = 0
  private readonly workers: Worker[]
  private readonly waiting = new Map<number, (r: PieceResult) => void>()
  private readonly slots: Array<{ result?: PieceResult }> = []
  private failure: unknown
  // Wakes drain() when a piece is applied or a worker fails; a fresh promise per wait, so nothing piles up.
  private wake: () => void = () => undefined
  private id = 0
  private lineOffset = 0

  constructor(
    readonly tally: Tally,
    private readonly setup: WorkerSetup,
    private readonly local: (value: unknown, text?: string) => Verdict,
    private readonly options: ValidateOptions & { readonly jobs: number },
  ) {
    this.jobs = options.jobs
    this.workers = Array.from({ length: options.jobs - 1 }, () => new Worker(WORKER_URL, { workerData: setup }))
    for (const w of this.workers) {
      w.on('message', (r: PieceResult) => {
        const resolve = this.waiting.get(r.id)
        this.waiting.delete(r.id)
        resolve?.(r)
      })
      w.on('error', (e) => this.fail(new WorkerFailure(`a validation worker failed: ${e.message}`, { cause: e })))
      w.on('exit', (code) => this.fail(new WorkerFailure(`a validation worker stopped (exit code ${code})`)))
    }
  }

  /** Line numbers of the next file start at 1 again. */
  startFile(): void {
    this.lineOffset = 0
    this.fileRecords = 0
  }

  /** Hands a piece to the next thread in turn (the main thread judges its own turn now). */
  send(file: string, piece: JsonlPiece): void {
    if (piece.tooLong) return this.enqueue(tooLongLine(file, this.setup.maxRecordBytes))
    const message: PieceMessage = { id: this.id++, file, bytes: piece.bytes }
    const worker = this.workers[message.id % this.jobs]
    if (worker === undefined) {
      const judged = judgePiece(file, piece.bytes, this.local, this.setup)
      return this.enqueue(judged.then((t) => ({ id: message.id, ...t })))
    }
    this.enqueue(new Promise<PieceResult>((resolve) => this.waiting.set(message.id, resolve)))
    worker.postMessage(message, [piece.bytes.buffer as ArrayBuffer])
  }

  /** Judges a batch of another format in the main thread (after every piece before it is applied). */
  judgeHere(batch: readonly InputRecord[]): void {
    judgeInto(this.tally, batch, this.local, this.setup.strict)
    this.fileRecords += batch.length
    this.options.onProgress?.(this.tally.counts)
  }

  /** Waits until at most `keep` pieces are in flight; a worker's failure is thrown here. */
  async drain(keep: number): Promise<void> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure
      if (this.slots.length <= keep) return
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    for (const w of this.workers) w.removeAllListeners('exit')
    await Promise.all(this.workers.map((w) => w.terminate()))
  }

  private enqueue(result: Promise<PieceResult> | PieceResult): void {
    const slot: { result?: PieceResult } = {}
    this.slots.push(slot)
    Promise.resolve(result).then(
      (r) => {
        slot.result = r
        this.pump()
      },
      (error: unknown) => this.fail(error),
    )
  }

  /** Applies every finished piece at the head of the queue, in order. */
  private pump(): void {
    while (this.slots[0]?.result !== undefined) {
      const r = this.slots.shift()!.result!
      this.tally.merge(r, this.lineOffset)
      this.lineOffset += r.lines
      this.fileRecords += r.counts.total
      this.options.onProgress?.(this.tally.counts)
    }
    this.wake()
  }

  private fail(error: unknown): void {
    this.failure ??= error
    this.wake()
  }
}

/** The verdict on a line over the size limit, which the main thread found without sending it anywhere. */
function tooLongLine(file: string, max: number): PieceResult {
  const tally = new Tally(1)
  tally.add('unreadable', undefined, undefined, unreadable({ file, line: 1 }, tooLong(max)))
  return { id: -1, lines: 1, counts: tally.counts, events: tally.events, problems: tally.problems, omitted: 0 }
}
