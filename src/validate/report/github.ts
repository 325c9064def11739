import type { LineResult, ValidationReport } from '../types.js'
import {
  type ReportOptions,
  displayFile,
  eventLabel,
  isFailure,
  omittedLine,
  problemLines,
  summaryLine,
} from './common.js'

/** Escapes a command's message as the Actions runner expects, so a newline cannot start a new command. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escapes a command property value: also `:` and `,`, which would otherwise end the value. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function command(name: string, props: ReadonlyArray<[string, string]>, message: string): string {
  const list = props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',')
  return `::${name}${list === '' ? '' : ` ${list}`}::${escapeData(message)}`
}

/**
 * GitHub Actions workflow commands, which the runner turns into annotations on the files: an error per
 * invalid or unreadable record, a warning per drift record (an error under --strict), then a notice
 * with the summary.
 */
export function formatGithub(report: ValidationReport, options: ReportOptions = {}): string {
  return report.problems.map((p) => githubProblem(p, report.strict)).join('') + githubEnd(report, options)
}

/** One problem record as an `::error` (a `::warning` for drift without --strict). */
export function githubProblem(p: LineResult, strict: boolean): string {
  const label = eventLabel(p)
  const title = `evcat: ${p.status}${label === '' ? '' : ` ${label}`}`
  const props: Array<[string, string]> = [
    ['file', displayFile(p.file)],
    ['line', String(p.line)],
    ['title', title],
  ]
  const message = problemLines(p)
    .map((l) => l.text)
    .join('\n')
  return command(isFailure(p.status, strict) ? 'error' : 'warning', props, message) + '\n'
}

/** What follows the problems: the inputs that could not be read, the omitted problems, and the summary notice. */
export function githubEnd(report: ValidationReport, options: ReportOptions = {}): string {
  const out: string[] = []
  for (const f of report.files) {
    if (f.error !== undefined)
      out.push(
        command(
          'error',
          [
            ['file', displayFile(f.file)],
            ['title', 'evcat: cannot read input'],
          ],
          f.error,
        ),
      )
  }
  if (report.omittedProblems > 0)
    out.push(command('warning', [['title', 'evcat']], omittedLine(report.omittedProblems)))
  const catalog = options.catalogVersion === undefined ? '' : ` (catalog ${options.catalogVersion})`
  out.push(command('notice', [], `${summaryLine(report)}${report.strict ? ' (strict)' : ''}${catalog}`))
  return out.join('\n') + '\n'
}
