import type { Verdict } from '../runtime/dispatch.js'
import { readJsonl } from './input/jsonl.js'
import { judgeInto } from './run.js'
import { Tally, type TallyData } from './tally.js'

/** How pieces are judged: the run's options that matter per line. */
export interface PieceSetup {
  readonly strict: boolean
  readonly maxRecordBytes: number
  /** No piece needs to keep more problems than the report keeps. */
  readonly maxProblems: number
}

/** The tally of one piece of JSONL. Problem lines count from 1 at the piece's first line. */
export interface PieceTally extends TallyData {
  /** Lines the piece spans (blank ones included), to number the lines of the pieces after it. */
  readonly lines: number
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes
}

/** Splits, parses and judges one piece of whole JSONL lines (in a worker, or in the main thread). */
export async function judgePiece(
  file: string,
  piece: Uint8Array,
  dispatch: (value: unknown, text?: string) => Verdict,
  setup: PieceSetup,
): Promise<PieceTally> {
  const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
  // Every event of the piece is listed: the main thread's tally applies the run's listing limit when it merges.
  const tally = new Tally(setup.maxProblems, Infinity)
  for await (const batch of readJsonl(once(bytes), file, setup.maxRecordBytes))
    judgeInto(tally, batch, dispatch, setup.strict)
  let lines = 0
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines++
  return { lines, counts: tally.counts, events: tally.events, problems: tally.problems, omitted: tally.omitted }
}
