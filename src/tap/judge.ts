import { isUtf8 } from 'node:buffer'
import { createDispatcher, type FamilyTable, type Verdict } from '../runtime/dispatch.js'
import { textProblem } from '../validate/report/text.js'
import { judge } from '../validate/run.js'
import { Tally } from '../validate/tally.js'
import type { InputRecord, LineResult, Status } from '../validate/types.js'

/** What the tap needs to know of a verdict. */
export interface LineVerdict {
  readonly status: Status
  readonly family?: string
  readonly event?: string
}

/** How frames are judged. */
export interface JudgeOptions {
  /** Force one family. @default detect per record */
  readonly family?: string
  /** The server version each family is judged as (`{ lxd: '5.0.2' }`, checked by parseServers). @default any */
  readonly servers?: Readonly<Record<string, string>>
  /** Drift counts as invalid. @default false */
  readonly strict: boolean
  /** Problems kept for the report. @default 1000 */
  readonly maxProblems: number
  /** The capture file's name, for `file:line` in problems. */
  readonly file: string
  /** Prints a problem as soon as it is judged (stderr in the CLI). */
  readonly print?: (text: string) => void
}

/**
 * Judges each line as `evcat validate` does (the same `judge` and generated validators) and counts it in a
 * Tally; every problem is printed as it is judged, and the arrival time of each kept problem is remembered.
 */
export class LiveJudge {
  readonly tally: Tally
  /** The arrival time (ms) of each problem in `tally.problems`, at the same index. */
  readonly times: number[] = []
  private readonly dispatch: (value: unknown, text?: string) => Verdict

  constructor(
    tables: readonly FamilyTable[],
    readonly options: JudgeOptions,
  ) {
    this.dispatch = createDispatcher(tables, {
      ...(options.family === undefined ? {} : { family: options.family }),
      ...(options.servers === undefined ? {} : { servers: options.servers }),
    })
    this.tally = new Tally(options.maxProblems)
  }

  /** Judges one line (number `line` of the capture) that arrived at `at`. */
  judge(line: number, bytes: Buffer, at: number): LineVerdict {
    const file = this.options.file
    const record: InputRecord = isUtf8(bytes)
      ? { file, line, text: bytes.toString('utf8') }
      : { file, line, error: 'invalid UTF-8' }
    const result = judge(record, this.dispatch, this.options.strict)
    const kept = this.tally.problems.length
    this.tally.add(result.status, result.family, result.event, result as LineResult)
    if (this.tally.problems.length > kept) this.times.push(at)
    if (result.status !== 'valid') this.options.print?.(textProblem(result as LineResult))
    return result
  }
}
