import type { FileSummary, LineResult, Status, Summary, UnlistedEvents, ValidationReport } from './types.js'

/** Distinct event names listed in the coverage counts by default; the rest are only counted, per family. */
export const MAX_LISTED_EVENTS = 10_000
// Distinct names remembered to count the unlisted ones exactly; beyond that the count is a lower bound.
const MAX_COUNTED_EVENTS = 100_000

/** The events of one family past the listing limit: how many there are, and how many records they had. */
interface Unlisted {
  readonly names: Set<string>
  records: number
  atLeast: boolean
}

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
  /** Told each problem the report lists, in input order, as soon as it is counted (a live printer). */
  onKept: ((problem: LineResult) => void) | undefined
  /**
   * Whether listed problems are kept in `problems`. A printer that writes them as they come (onKept) needs none
   * kept, and a live run of days then holds none in memory, however high maxProblems is.
   */
  keepProblems = true
  /** What stopped reading before the inputs ended (a signal's name), for the report. */
  stoppedBy: string | undefined
  /** Problems listed so far (kept, or handed to onKept only). */
  private listed = 0
  private eventNames = 0
  private readonly unlisted = new Map<string, Unlisted>()

  /** `maxListed`: distinct events listed with their counts (a piece of a run lists all of its own). */
  constructor(
    private readonly maxProblems: number,
    private readonly maxListed: number = MAX_LISTED_EVENTS,
  ) {}

  /** Counts one record; only non-valid ones are kept, and only up to maxProblems. */
  add(status: Status, family: string | undefined, event: string | undefined, problem?: LineResult): void {
    this.counts.total++
    this.counts[status]++
    if (family !== undefined && event !== undefined) this.countEvent(family, event, 1)
    if (status !== 'valid' && problem !== undefined) {
      if (this.listed < this.maxProblems) this.list(problem)
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
      if (this.listed >= this.maxProblems) break
      this.list(lineOffset === 0 ? p : { ...p, line: p.line + lineOffset })
      kept++
    }
    this.omitted += other.problems.length - kept + other.omitted
  }

  private list(problem: LineResult): void {
    this.listed++
    if (this.keepProblems) this.problems.push(problem)
    this.onKept?.(problem)
  }

  /** Adds a count of records of one event; past the listing limit the event is only counted, so memory stays flat. */
  countEvent(family: string, event: string, n: number): void {
    const byEvent = (this.events[family] ??= Object.create(null) as Record<string, number>)
    const known = byEvent[event]
    if (known !== undefined) byEvent[event] = known + n
    else if (this.eventNames < this.maxListed) {
      this.eventNames++
      byEvent[event] = n
    } else {
      let u = this.unlisted.get(family)
      if (u === undefined) this.unlisted.set(family, (u = { names: new Set(), records: 0, atLeast: false }))
      u.records += n
      if (u.names.size < MAX_COUNTED_EVENTS) u.names.add(event)
      else if (!u.names.has(event)) u.atLeast = true
    }
  }

  /** Per family, the events seen but not listed (past the listing limit). */
  unlistedEvents(): Record<string, UnlistedEvents> {
    const out: Record<string, UnlistedEvents> = {}
    for (const [family, u] of this.unlisted)
      out[family] = { events: u.names.size, records: u.records, ...(u.atLeast ? { atLeast: true } : {}) }
    return out
  }

  /** The finished report. */
  report(strict: boolean): ValidationReport {
    return {
      summary: this.counts,
      files: this.files,
      events: this.events,
      unlistedEvents: this.unlistedEvents(),
      problems: this.problems,
      omittedProblems: this.omitted,
      strict,
      ...(this.stoppedBy === undefined ? {} : { stoppedBy: this.stoppedBy }),
    }
  }
}
