import { UsageError } from '../../errors.js'
import type { LineResult, Status, ValidationReport } from '../types.js'

/** A problem as the JSON report writes it; `time` (arrival, ISO 8601) only in reports of `evcat tap`. */
export interface ProblemDoc {
  readonly file: string
  readonly line: number
  readonly family: string | null
  readonly event: string | null
  readonly status: Status
  readonly errors: readonly {
    readonly pointer: string
    readonly message: string
    readonly kind: 'contract' | 'drift'
  }[]
  readonly time?: string | null
}

/** The events of a family counted past the listing limit. */
export interface UnlistedDoc {
  readonly events: number
  readonly records: number
  readonly atLeast: boolean
}

/** A record of a tap report that may have a copy in another capture (see TapReport). */
export interface AtRiskDoc {
  readonly out: string
  readonly id: string
  readonly line: number
  readonly status: Status
  readonly family: string | null
  readonly event: string | null
  readonly redelivered: boolean
}

/** The `tap` section of a tap report. */
export interface TapDoc {
  readonly reports: readonly {
    readonly source: string
    readonly out: string
    readonly started: string
    readonly ended: string | null
  }[]
  readonly frames: number
  readonly bytes: number
  readonly lineBreaksReplaced: number
  readonly redelivered: number
  readonly reconnects: number
  readonly gaps: readonly { readonly from: string; readonly [key: string]: unknown }[]
  readonly atRisk: readonly AtRiskDoc[]
  readonly duplicates: number
}

/** The document of `evcat validate --format json` (and of `evcat tap --report`, which adds `tap`). */
export interface ReportDoc {
  readonly summary: { total: number; valid: number; invalid: number; drift: number; unreadable: number }
  readonly files: readonly {
    readonly file: string
    readonly records: number
    readonly kind: string | null
    readonly error: string | null
  }[]
  readonly events: Readonly<Record<string, Readonly<Record<string, number>>>>
  /** Events counted past the listing limit, per family (absent in reports from before it existed). */
  readonly unlistedEvents?: Readonly<Record<string, UnlistedDoc>>
  readonly problems: readonly ProblemDoc[]
  readonly omittedProblems: number
  readonly strict: boolean
  /** What stopped reading before the inputs ended (`SIGINT`), or null (absent in reports from before it existed). */
  readonly stoppedBy?: string | null
  readonly tap?: TapDoc
}

const STATUSES: readonly Status[] = ['valid', 'invalid', 'drift', 'unreadable']

/** Checks that `value` is a JSON report, naming the file and the first field that is not as it should be. */
export function asReportDoc(value: unknown, name: string): ReportDoc {
  const fail = (field: string, what: string): never => {
    throw new UsageError(`${name}: ${field} ${what}; is it a JSON report of "evcat validate" or "evcat tap"?`)
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  const count = (v: unknown, field: string): void => {
    if (!Number.isSafeInteger(v) || (v as number) < 0) fail(field, 'is not a count')
  }
  if (!isObject(value)) return fail('the document', 'is not a JSON object')
  const summary = value['summary']
  if (!isObject(summary)) return fail('summary', 'is missing')
  for (const key of ['total', ...STATUSES]) count(summary[key], `summary.${key}`)
  if (!Array.isArray(value['files'])) fail('files', 'is not a list')
  if (!isObject(value['events'])) fail('events', 'is not an object')
  for (const [family, events] of Object.entries(value['events'] as object)) {
    if (!isObject(events)) fail(`events.${family}`, 'is not an object')
    for (const [event, n] of Object.entries(events as object)) count(n, `events.${family}.${event}`)
  }
  const problems = value['problems']
  if (!Array.isArray(problems)) return fail('problems', 'is not a list')
  problems.forEach((p: unknown, i) => {
    if (
      !isObject(p) ||
      typeof p['file'] !== 'string' ||
      !Number.isSafeInteger(p['line']) ||
      !STATUSES.includes(p['status'] as Status)
    )
      fail(`problems[${i}]`, 'is not a problem')
  })
  count(value['omittedProblems'], 'omittedProblems')
  if (typeof value['strict'] !== 'boolean') fail('strict', 'is not true or false')
  const stoppedBy = value['stoppedBy']
  if (stoppedBy !== undefined && stoppedBy !== null && typeof stoppedBy !== 'string') fail('stoppedBy', 'is not a text')
  if (value['tap'] !== undefined) checkTap(value['tap'], fail, isObject, count)
  return value as unknown as ReportDoc
}

function checkTap(
  tap: unknown,
  fail: (field: string, what: string) => never,
  isObject: (v: unknown) => v is Record<string, unknown>,
  count: (v: unknown, field: string) => void,
): void {
  if (!isObject(tap)) return fail('tap', 'is not an object')
  for (const key of ['frames', 'bytes', 'lineBreaksReplaced', 'redelivered', 'reconnects', 'duplicates'])
    count(tap[key], `tap.${key}`)
  for (const key of ['reports', 'gaps', 'atRisk']) if (!Array.isArray(tap[key])) fail(`tap.${key}`, 'is not a list')
  ;(tap['atRisk'] as unknown[]).forEach((r, i) => {
    if (!isObject(r) || typeof r['id'] !== 'string' || typeof r['out'] !== 'string' || !Number.isSafeInteger(r['line']))
      fail(`tap.atRisk[${i}]`, 'is not a record at risk')
  })
}

/** The report a JSON document describes, for the other formats. */
export function reportFromDoc(doc: ReportDoc): ValidationReport {
  const problems: LineResult[] = doc.problems.map((p) => ({
    file: p.file,
    line: p.line,
    status: p.status,
    ...(p.family === null ? {} : { family: p.family }),
    ...(p.event === null ? {} : { event: p.event }),
    errors: p.errors,
  }))
  return {
    summary: doc.summary,
    files: doc.files.map((f) => ({
      file: f.file,
      records: f.records,
      ...(f.kind === null ? {} : { kind: f.kind as 'jsonl' }),
      ...(f.error === null ? {} : { error: f.error }),
    })),
    events: doc.events,
    ...(doc.unlistedEvents === undefined
      ? {}
      : {
          unlistedEvents: Object.fromEntries(
            Object.entries(doc.unlistedEvents).map(([family, u]) => [
              family,
              { events: u.events, records: u.records, ...(u.atLeast ? { atLeast: true as const } : {}) },
            ]),
          ),
        }),
    problems,
    omittedProblems: doc.omittedProblems,
    strict: doc.strict,
    ...(typeof doc.stoppedBy === 'string' ? { stoppedBy: doc.stoppedBy } : {}),
  }
}
