import { Worker } from 'node:worker_threads'
import { join } from 'node:path'
import { createDispatcher, type FamilyTable } from '../runtime/dispatch.js'
import { packageRoot } from '../package-root.js'
import { forEachBatch, judge, type ValidateOptions } from './run.js'
import { Tally } from './tally.js'
import type { LineResult, ValidationReport } from './types.js'
import type { BatchMessage, BatchResult, WorkerSetup } from './worker.js'

/**
 * Validates with `jobs` worker threads. The main thread reads and splits the input (as in one job); each
 * batch goes to a worker as one string, and results are applied in input order, so the report is the same
 * as with one job. Batches with unreadable or pre-parsed (YAML) records are judged in the main thread.
 */
export async function validateInputsParallel(
  inputs: readonly string[],
  tables: readonly FamilyTable[],
  validatorsIndex: string,
  options: ValidateOptions & { readonly jobs: number },
): Promise<ValidationReport> {
  const strict = options.strict === true
  const setup: WorkerSetup = { validatorsIndex, strict, ...(options.family === undefined ? {} : { family: options.family }) }
  // The worker runs from dist/ (it is plain JavaScript there), whether evcat runs from dist/ or under a test runner.
  const script = join(packageRoot(), 'dist', 'src', 'validate', 'worker.js')
  const workers = Array.from({ length: options.jobs }, () => new Worker(script, { workerData: setup }))
  const waiting = new Map<number, (r: BatchResult) => void>()
  for (const w of workers) w.on('message', (r: BatchResult) => waiting.get(r.id)?.(r))
  const failed = new Promise<never>((_, reject) => {
    for (const w of workers) w.on('error', reject)
  })
  const tally = new Tally(options.maxProblems ?? 1000)
  const local = createDispatcher(tables, options.family === undefined ? {} : { family: options.family })
  const pending: Promise<BatchResult>[] = []
  let id = 0

  const apply = (r: BatchResult): void => {
    for (const status of ['valid', 'invalid', 'drift', 'unreadable'] as const) {
      tally.counts[status] += r.counts[status]
      tally.counts.total += r.counts[status]
    }
    for (const [family, event, n] of r.events) tally.countEvent(family, event, n)
    for (const p of r.problems) {
      if (tally.problems.length < (options.maxProblems ?? 1000)) tally.problems.push(p)
      else tally.omitted++
    }
  }
  const drain = async (keep: number): Promise<void> => {
    while (pending.length > keep) apply(await Promise.race([pending.shift()!, failed]))
  }

  try {
    await forEachBatch(inputs, tally, options, async (batch) => {
      if (batch.some((r) => r.text === undefined)) {
        // Rare (unreadable lines, YAML): judge here, after every earlier batch, so order is kept.
        await drain(0)
        for (const record of batch) {
          const r = judge(record, local, strict)
          tally.add(r.status, r.family, r.event, r as LineResult)
        }
        return
      }
      const message: BatchMessage = { id: id++, file: batch[0]!.file, text: batch.map((r) => r.text).join('\n'), lines: Int32Array.from(batch, (r) => r.line) }
      pending.push(new Promise<BatchResult>((resolve) => waiting.set(message.id, (r) => (waiting.delete(message.id), resolve(r)))))
      workers[message.id % workers.length]!.postMessage(message)
      // A few batches in flight per worker keep them busy without buffering the input in memory.
      await drain(workers.length * 2)
    })
    await drain(0)
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return tally.report(strict)
}
