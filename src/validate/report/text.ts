import { MAX_LISTED_EVENTS } from '../tally.js'
import type { LineResult, Status, ValidationReport } from '../types.js'
import {
  type ReportOptions,
  displayFile,
  eventLabel,
  omittedLine,
  problemLines,
  sortedEvents,
  summaryLine,
} from './common.js'

const ANSI = {
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  green: '\x1b[32m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  reset: '\x1b[0m',
}
type Paint = (style: keyof typeof ANSI, text: string) => string

// C0/C1 controls and bidi overrides: from a record they could move the cursor, recolor the terminal
// or make the text read differently from what it is.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

/** Unsafe characters are shown as `\uXXXX`; with `continuation`, line breaks become indented lines instead. */
function safe(text: string, continuation?: string): string {
  const escaped = (s: string): string => s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (continuation === undefined) return escaped(text)
  return text
    .split(/\r\n|\r|\n/)
    .map(escaped)
    .join(`\n${continuation}`)
}

const STATUS_STYLE: Record<Status, keyof typeof ANSI> = {
  valid: 'green',
  invalid: 'red',
  drift: 'yellow',
  unreadable: 'red',
}

/** The report for people: each problem with its errors, the summary, then the events seen. */
export function formatText(report: ValidationReport, options: ReportOptions = {}): string {
  const problems = report.problems.map((p) => textProblem(p, options)).join('')
  return problems + textEnd(report, options, report.problems.length > 0)
}

/**
 * One problem record for people: `file:line: status family/event`, then one indented line per error (ending in a
 * newline). Streamed text reports and `evcat tap` print each problem this way as soon as it is judged.
 */
export function textProblem(p: LineResult, options: ReportOptions = {}): string {
  const paint = painter(options)
  const label = eventLabel(p)
  const status = paint(STATUS_STYLE[p.status], p.status)
  const out = [
    `${paint('bold', `${safe(displayFile(p.file))}:${p.line}:`)} ${status}${label === '' ? '' : ` ${safe(label)}`}`,
  ]
  for (const line of problemLines(p)) {
    const text = safe(line.text, '    ')
    out.push(`  ${line.drift ? paint('yellow', text) : text}`)
  }
  return out.join('\n') + '\n'
}

/** What follows the problems (`afterProblems`: some were printed): the omitted ones, the summary, the events seen. */
export function textEnd(report: ValidationReport, options: ReportOptions, afterProblems: boolean): string {
  const out: string[] = []
  if (report.omittedProblems > 0) out.push(painter(options)('dim', omittedLine(report.omittedProblems)))
  if (afterProblems || out.length > 0) out.push('')
  // A file that could not be read is named in the summary; why is said on standard error (the CLI prints it).
  out.push(safe(summaryLine(report)) + (report.strict ? ' (strict: drift counts as a failure)' : ''))
  out.push('', ...coverage(report, options.catalogVersion))
  return out.join('\n') + '\n'
}

function painter(options: ReportOptions): Paint {
  return (style, text) => (options.color === true ? `${ANSI[style]}${text}${ANSI.reset}` : text)
}

/** Which events were seen and how often: the closest the report gets to catalog coverage. */
function coverage(report: ValidationReport, catalogVersion: string | undefined): string[] {
  const families = sortedEvents(report)
  const header = `events seen${catalogVersion === undefined ? '' : ` (catalog ${safe(catalogVersion)})`}:`
  if (families.length === 0) return [`${header} none`]
  const out = [header]
  for (const [family, events] of families) {
    const unlisted = report.unlistedEvents?.[family]
    const distinct = events.length + (unlisted?.events ?? 0)
    const records = events.reduce((sum, [, n]) => sum + n, 0) + (unlisted?.records ?? 0)
    const about = unlisted?.atLeast === true ? 'at least ' : ''
    out.push(`  ${safe(family)}: ${about}${plural(distinct, 'event')} seen, ${plural(records, 'record')}`)
    for (const [event, count] of events) out.push(`    ${safe(`${family}/${event}`)} ${count}`)
    if (unlisted !== undefined)
      out.push(
        `    (${about}${plural(unlisted.events, 'more event')}, ${plural(unlisted.records, 'record')}, not listed: ` +
          `a report lists the first ${MAX_LISTED_EVENTS} distinct events)`,
      )
  }
  return out
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
