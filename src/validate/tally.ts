import type { FileSummary, LineResult, Status, ValidationReport } from './types.js'

// Distinct unknown event names kept in the coverage counts; more are folded into one bucket so memory stays flat.
const MAX_EVENT_NAMES = 10_000

/** Accumulates verdicts into a report: counts that add up, per-event coverage, and at most maxProblems problems. */
export class Tally {
  readonly counts = { total: 0, valid: 0, invalid: 0, drift: 0, unreadable: 0 }
  readonly events: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>
  readonly problems: LineResult[] = []
  readonly files: FileSummary[] = []
  omitted = 0
  private eventNames = 0

  constructor(private readonly maxProblems: number) {}

  /** Counts one record; only non-valid ones are kept, and only up to maxProblems. */
  add(status: Status, family: string | undefined, event: string | undefined, problem?: LineResult): void {
    this.counts.total++
    this.counts[status]++
    if (family !== undefined && event !== undefined) this.countEvent(family, event, 1)
    if (status !== 'valid' && problem !== undefined) {
      if (this.problems.length < this.maxProblems) this.problems.push(problem)
      else this.omitted++
    }
  }

  /** Adds a worker's counts of one piece. */
  addCounts(counts: Readonly<Record<Status, number>>): void {
    for (const status of ['valid', 'invalid', 'drift', 'unreadable'] as const) {
      this.counts[status] += counts[status]
      this.counts.total += counts[status]
    }
  }

  /** Keeps a piece's problem records (in order) up to maxProblems; `nonValid` of them were found in all. */
  addProblems(problems: readonly LineResult[], nonValid: number): void {
    let kept = 0
    for (const p of problems) {
      if (this.problems.length >= this.maxProblems) break
      this.problems.push(p)
      kept++
    }
    this.omitted += nonValid - kept
  }

  /** Adds a count of records of one event (a worker's partial tally). */
  countEvent(family: string, event: string, n: number): void {
    const byEvent = (this.events[family] ??= Object.create(null) as Record<string, number>)
    if (byEvent[event] === undefined) {
      if (this.eventNames >= MAX_EVENT_NAMES) event = '(other unknown events)'
      else this.eventNames++
    }
    byEvent[event] = (byEvent[event] ?? 0) + n
  }

  /** The finished report. */
  report(strict: boolean): ValidationReport {
    return { summary: this.counts, files: this.files, events: this.events, problems: this.problems, omittedProblems: this.omitted, strict }
  }
}
