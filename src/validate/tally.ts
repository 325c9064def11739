import type { FileSummary, LineResult, Status, Summary, ValidationReport } from './types.js'

// Distinct unknown event names kept in the coverage counts; more are folded into one bucket so memory stays flat.
const MAX_EVENT_NAMES = 10_000

/** What a tally holds that another can merge: counts, per-event counts, kept problems and how many were left out. */
export interface TallyData {
  readonly counts: Readonly<Summary>
  readonly events: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly problems: readonly LineResult[]
  readonly omitted: number
}

/** Accumulates verdicts into a report: counts that add up, per-event coverage, and at most maxProblems problems. */
export class Tally implements TallyData {
  readonly counts = { total: 0, valid: 0, invalid: 0, drift: 0, unreadable: 0 }
  readonly events: Record<string, Record<string, number>> = Object.create(null) as Record<
    string,
    Record<string, number>
  >
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

  /** Adds another tally that came after everything counted so far (a piece judged elsewhere), its lines shifted by `lineOffset`. */
  merge(other: TallyData, lineOffset: number): void {
    for (const status of ['valid', 'invalid', 'drift', 'unreadable'] as const)
      this.counts[status] += other.counts[status]
    this.counts.total += other.counts.total
    for (const [family, byEvent] of Object.entries(other.events))
      for (const [event, n] of Object.entries(byEvent)) this.countEvent(family, event, n)
    let kept = 0
    for (const p of other.problems) {
      if (this.problems.length >= this.maxProblems) break
      this.problems.push(lineOffset === 0 ? p : { ...p, line: p.line + lineOffset })
      kept++
    }
    this.omitted += other.problems.length - kept + other.omitted
  }

  /** Adds a count of records of one event. */
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
    return {
      summary: this.counts,
      files: this.files,
      events: this.events,
      problems: this.problems,
      omittedProblems: this.omitted,
      strict,
    }
  }
}
