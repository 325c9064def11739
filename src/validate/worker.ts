import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'
import { createDispatcher, type FamilyTable } from '../runtime/dispatch.js'
import { judge } from './run.js'
import type { LineResult, Status } from './types.js'

/** What the main thread gives a worker: where the generated validators are, and the run's options. */
export interface WorkerSetup {
  readonly validatorsIndex: string
  readonly family?: string
  readonly strict: boolean
}

/** One batch: its records' texts joined by newlines (one string to copy, not one object per line) and their line numbers. */
export interface BatchMessage {
  readonly id: number
  readonly file: string
  readonly text: string
  readonly lines: Int32Array
}

/** A worker's tally of one batch: counts, per-event counts and the non-valid records in input order. */
export interface BatchResult {
  readonly id: number
  readonly counts: Record<Status, number>
  readonly events: readonly (readonly [string, string, number])[]
  readonly problems: readonly LineResult[]
}

const setup = workerData as WorkerSetup
const { tables } = (await import(pathToFileURL(setup.validatorsIndex).href)) as { tables: readonly FamilyTable[] }
const dispatch = createDispatcher(tables, setup.family === undefined ? {} : { family: setup.family })

parentPort!.on('message', (m: BatchMessage) => {
  const counts: Record<Status, number> = { valid: 0, invalid: 0, drift: 0, unreadable: 0 }
  const events = new Map<string, [string, string, number]>()
  const problems: LineResult[] = []
  let start = 0
  for (let i = 0; i < m.lines.length; i++) {
    const end = m.text.indexOf('\n', start)
    const text = end === -1 ? m.text.slice(start) : m.text.slice(start, end)
    start = end + 1
    const r = judge({ file: m.file, line: m.lines[i]!, text }, dispatch, setup.strict)
    counts[r.status]++
    if (r.family !== undefined && r.event !== undefined) {
      const key = `${r.family}\u0000${r.event}`
      const e = events.get(key)
      if (e === undefined) events.set(key, [r.family, r.event, 1])
      else e[2]++
    }
    if (r.status !== 'valid') problems.push(r as LineResult)
  }
  const result: BatchResult = { id: m.id, counts, events: [...events.values()], problems }
  parentPort!.postMessage(result)
})
