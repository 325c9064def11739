import { cmp } from '../../errors.js'
import type { LineError, LineResult, Status, Summary, ValidationReport } from '../types.js'

/** Options every reporter accepts; only some of them use each field. */
export interface ReportOptions {
  /** The catalog's version, printed so a report says what it was checked against. */
  readonly catalogVersion?: string
  /** ANSI color in the text report; the machine formats ignore it. */
  readonly color?: boolean
}

/** The name reports show for an input: `-` (standard input) has no file name, so it becomes `stdin`. */
export function displayFile(file: string): string {
  return file === '-' ? 'stdin' : file
}

/** Whether a record fails the run: drift only fails under --strict, as the CLI's exit code does. */
export function isFailure(status: Status, strict: boolean): boolean {
  return status === 'invalid' || status === 'unreadable' || (status === 'drift' && strict)
}

/** `family/event`, or whichever part is known, or '' for records nothing could be identified in. */
export function eventLabel(problem: LineResult): string {
  if (problem.family !== undefined && problem.event !== undefined) return `${problem.family}/${problem.event}`
  return problem.family ?? problem.event ?? ''
}

/** `/pointer: message`, or just the message when it is about the whole record (empty pointer). */
export function errorText(error: LineError): string {
  return error.pointer === '' ? error.message : `${error.pointer}: ${error.message}`
}

/** What to say about a record the validator gave no error for (unreadable with no reason, say). */
export function fallbackMessage(problem: LineResult): string {
  return problem.status === 'unreadable' ? 'record could not be read' : `record is ${problem.status}`
}

/** One line of a problem's explanation, and whether it is drift (the text report colors those). */
export interface ProblemLine {
  readonly text: string
  readonly drift: boolean
}

/** Every error of a record as text, tagging drift so people can tell unknown fields from broken ones. */
export function problemLines(problem: LineResult): ProblemLine[] {
  if (problem.errors.length === 0) return [{ text: fallbackMessage(problem), drift: false }]
  return problem.errors.map((e) =>
    e.kind === 'drift' ? { text: `${errorText(e)} (drift)`, drift: true } : { text: errorText(e), drift: false },
  )
}

/** The events seen, families and events sorted, so every format lists them in the same stable order. */
export function sortedEvents(report: ValidationReport): Array<[string, Array<[string, number]>]> {
  return Object.keys(report.events)
    .sort(cmp)
    .map((family) => {
      const events = report.events[family] ?? {}
      const rows = Object.keys(events)
        .sort(cmp)
        .map((event): [string, number] => [event, events[event] ?? 0])
      return [family, rows]
    })
}

/**
 * `1000 records: 990 valid, 4 invalid, 5 drift, 1 unreadable`, plus the files that could not be read and what
 * stopped reading early (text, github).
 */
export function summaryLine(report: ValidationReport): string {
  const line = countsLine(report.summary)
  const stopped = report.stoppedBy === undefined ? '' : `; stopped by ${report.stoppedBy}`
  const failed = report.files.filter((f) => f.error !== undefined).map((f) => displayFile(f.file))
  if (failed.length === 0) return line + stopped
  const names =
    failed.length <= 3 ? failed.join(', ') : `${failed.slice(0, 3).join(', ')} and ${failed.length - 3} more`
  return `${line}; ${failed.length} file${failed.length === 1 ? '' : 's'} could not be read (${names})${stopped}`
}

/** `1000 records: 990 valid, 4 invalid, 5 drift, 1 unreadable`. */
export function countsLine(s: Readonly<Summary>): string {
  const records = s.total === 1 ? 'record' : 'records'
  return `${s.total} ${records}: ${s.valid} valid, ${s.invalid} invalid, ${s.drift} drift, ${s.unreadable} unreadable`
}

/** The note for problems --max-problems left out, worded the same everywhere. */
export function omittedLine(count: number): string {
  return `(${count} more problem${count === 1 ? '' : 's'} not shown; raise --max-problems)`
}
