import type { LineResult, Summary, ValidationReport } from '../types.js'
import { cmp } from '../../errors.js'
import { sortedEvents } from './common.js'

/**
 * The report as JSON for scripts. Every object is built key by key so the key order is part of the
 * format, and absent fields are `null` rather than missing so every problem has the same shape.
 */
export function formatJson(report: ValidationReport): string {
  const { summary, files, events, unlistedEvents } = reportJson(report)
  const doc = {
    summary,
    files,
    events,
    unlistedEvents,
    problems: report.problems.map(problemJson),
    omittedProblems: report.omittedProblems,
    strict: report.strict,
    stoppedBy: report.stoppedBy ?? null,
  }
  return JSON.stringify(doc, null, 2) + '\n'
}

/** One problem record as the JSON formats print it (json's `problems`, one jsonl line). */
export function problemJson(p: LineResult): object {
  return {
    file: p.file,
    line: p.line,
    family: p.family ?? null,
    event: p.event ?? null,
    status: p.status,
    errors: p.errors.map((e) => ({ pointer: e.pointer, message: e.message, kind: e.kind })),
  }
}

/** The report's counts, files and events seen, as the JSON formats print them. */
export function reportJson(report: ValidationReport): {
  summary: Summary
  files: object[]
  events: Record<string, Record<string, number>>
  unlistedEvents: ReturnType<typeof unlistedEventsDoc>
} {
  const s = report.summary
  return {
    summary: { total: s.total, valid: s.valid, invalid: s.invalid, drift: s.drift, unreadable: s.unreadable },
    files: report.files.map((f) => ({
      file: f.file,
      records: f.records,
      kind: f.kind ?? null,
      error: f.error ?? null,
    })),
    events: Object.fromEntries(sortedEvents(report).map(([family, events]) => [family, Object.fromEntries(events)])),
    unlistedEvents: unlistedEventsDoc(report),
  }
}

/** Events counted past the listing limit, per family: `{events, records, atLeast}` (JSON reports of validate and tap). */
export function unlistedEventsDoc(
  report: Pick<ValidationReport, 'unlistedEvents'>,
): Record<string, { events: number; records: number; atLeast: boolean }> {
  return Object.fromEntries(
    Object.entries(report.unlistedEvents ?? {})
      .sort(([a], [b]) => cmp(a, b))
      .map(([family, u]) => [family, { events: u.events, records: u.records, atLeast: u.atLeast === true }]),
  )
}
