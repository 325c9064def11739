import type { Verdict } from '../runtime/dispatch.js'
import { readJsonl } from './input/jsonl.js'
import { judge } from './run.js'
import type { LineResult, Status } from './types.js'

/** How pieces are judged: the run's options that matter per line. */
export interface PieceSetup {
  readonly strict: boolean
  readonly maxRecordBytes: number
  /** No piece needs to keep more problems than the report keeps. */
  readonly maxProblems: number
}

/** The tally of one piece of JSONL. Problem lines count from 1 at the piece's first line. */
export interface PieceTally {
  /** Lines the piece spans (blank ones included), to number the lines of the pieces after it. */
  readonly lines: number
  readonly records: number
  readonly counts: Record<Status, number>
  readonly events: readonly (readonly [string, string, number])[]
  /** The first maxProblems non-valid records, in input order. */
  readonly problems: readonly LineResult[]
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes
}

/** Splits, parses and judges one piece of whole JSONL lines (in a worker, or in the main thread). */
export async function judgePiece(file: string, piece: Uint8Array, dispatch: (value: unknown, text?: string) => Verdict, setup: PieceSetup): Promise<PieceTally> {
  const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
  const counts: Record<Status, number> = { valid: 0, invalid: 0, drift: 0, unreadable: 0 }
  const events = new Map<string, [string, string, number]>()
  const problems: LineResult[] = []
  let records = 0
  for await (const batch of readJsonl(once(bytes), file, setup.maxRecordBytes)) {
    for (const record of batch) {
      records++
      const r = judge(record, dispatch, setup.strict)
      counts[r.status]++
      if (r.family !== undefined && r.event !== undefined) {
        const key = `${r.family}\u0000${r.event}`
        const e = events.get(key)
        if (e === undefined) events.set(key, [r.family, r.event, 1])
        else e[2]++
      }
      if (r.status !== 'valid' && problems.length < setup.maxProblems) problems.push(r as LineResult)
    }
  }
  let lines = 0
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines++
  return { lines, records, counts, events: [...events.values()], problems }
}
