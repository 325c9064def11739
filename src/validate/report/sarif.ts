import type { LineError, LineResult, ValidationReport } from '../types.js'
import { type ReportOptions, displayFile, errorText, fallbackMessage, omittedLine } from './common.js'

type Level = 'error' | 'warning' | 'note'

const RULES = [
  {
    id: 'invalid',
    text: 'The record breaks the event catalog (missing or wrong fields, unknown type).',
    level: 'error',
  },
  { id: 'drift', text: 'The record carries an event or field the catalog does not know yet.', level: 'warning' },
  { id: 'unreadable', text: 'The record could not be read as JSON (bad UTF-8, truncated, too long).', level: 'error' },
] as const

type RuleId = (typeof RULES)[number]['id']

/**
 * `artifactLocation.uri` must be a URI reference: `-` becomes `stdin`, backslashes become `/`, and
 * each path segment is percent-encoded (a space or `#` in a file name would otherwise break it).
 */
function fileUri(file: string): string {
  return displayFile(file).replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/')
}

function result(p: LineResult, ruleId: RuleId, level: Level, text: string, error?: LineError): object {
  return {
    ruleId,
    ruleIndex: RULES.findIndex((r) => r.id === ruleId),
    level,
    message: { text },
    locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(p.file) }, region: { startLine: p.line } } }],
    properties: {
      status: p.status,
      ...(p.family === undefined ? {} : { family: p.family }),
      ...(p.event === undefined ? {} : { event: p.event }),
      ...(error === undefined ? {} : { pointer: error.pointer }),
    },
  }
}

/** One result per error (code scanning shows each on its own), one per record when it was unreadable. */
function results(p: LineResult, strict: boolean): object[] {
  if (p.status === 'unreadable' || p.errors.length === 0) {
    const ruleId: RuleId = p.status === 'drift' ? 'drift' : p.status === 'unreadable' ? 'unreadable' : 'invalid'
    const level: Level = ruleId === 'drift' && !strict ? 'warning' : 'error'
    const text = p.errors.map(errorText).join('\n') || fallbackMessage(p)
    return [result(p, ruleId, level, text, p.errors[0])]
  }
  return p.errors.map((e) => {
    const level: Level = e.kind === 'drift' && !strict ? 'warning' : 'error'
    return result(p, e.kind === 'drift' ? 'drift' : 'invalid', level, errorText(e), e)
  })
}

/**
 * A SARIF 2.1.0 log for code-scanning tools. Files that could not be read and problems left out by
 * --max-problems are tool execution notifications, since they are about the run, not about a record.
 */
export function formatSarif(report: ValidationReport, options: ReportOptions = {}): string {
  const s = report.summary
  const notifications: object[] = []
  for (const f of report.files) {
    if (f.error === undefined) continue
    notifications.push({
      level: 'error',
      message: { text: f.error },
      locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(f.file) } } }],
    })
  }
  if (report.omittedProblems > 0)
    notifications.push({ level: 'warning', message: { text: omittedLine(report.omittedProblems) } })
  const run = {
    tool: {
      driver: {
        name: 'evcat',
        rules: RULES.map((r) => ({
          id: r.id,
          shortDescription: { text: r.text },
          defaultConfiguration: { level: r.level },
        })),
      },
    },
    invocations: [
      {
        executionSuccessful: report.files.every((f) => f.error === undefined),
        ...(notifications.length === 0 ? {} : { toolExecutionNotifications: notifications }),
      },
    ],
    results: report.problems.flatMap((p) => results(p, report.strict)),
    properties: {
      ...(options.catalogVersion === undefined ? {} : { catalogVersion: options.catalogVersion }),
      summary: { total: s.total, valid: s.valid, invalid: s.invalid, drift: s.drift, unreadable: s.unreadable },
      omittedProblems: report.omittedProblems,
      strict: report.strict,
      ...(report.stoppedBy === undefined ? {} : { stoppedBy: report.stoppedBy }),
    },
  }
  const log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }
  return JSON.stringify(log, null, 2) + '\n'
}
