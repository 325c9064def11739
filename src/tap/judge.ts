import { isUtf8 } from 'node:buffer'
import { createDispatcher, type FamilyTable, type Verdict } from '../runtime/dispatch.js'
import { displayFile, eventLabel, problemLines } from '../validate/report/common.js'
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
    this.dispatch = createDispatcher(tables, options.family === undefined ? {} : { family: options.family })
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
    if (result.status !== 'valid') this.options.print?.(formatProblem(result as LineResult))
    return result
  }
}

// Controls and bidi overrides from a record must not reach the terminal as they are.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
const safe = (text: string): string =>
  text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** One problem as the text report shows it: `file:line: status family/event`, then one indented line per error. */
export function formatProblem(p: LineResult): string {
  const label = eventLabel(p)
  const head = `${safe(displayFile(p.file))}:${p.line}: ${p.status}${label === '' ? '' : ` ${safe(label)}`}`
  return [head, ...problemLines(p).map((l) => `  ${safe(l.text)}`)].join('\n') + '\n'
}
