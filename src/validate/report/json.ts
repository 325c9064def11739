import type { ValidationReport } from '../types.js'
import { cmp } from '../../errors.js'
import { sortedEvents } from './common.js'

/**
 * The report as JSON for scripts. Every object is built key by key so the key order is part of the
 * format, and absent fields are `null` rather than missing so every problem has the same shape.
 */
export function formatJson(report: ValidationReport): string {
  const s = report.summary
  const doc = {
    summary: { total: s.total, valid: s.valid, invalid: s.invalid, drift: s.drift, unreadable: s.unreadable },
    files: report.files.map((f) => ({
      file: f.file,
      records: f.records,
      kind: f.kind ?? null,
      error: f.error ?? null,
    })),
    events: Object.fromEntries(sortedEvents(report).map(([family, events]) => [family, Object.fromEntries(events)])),
    unlistedEvents: unlistedEventsDoc(report),
    problems: report.problems.map((p) => ({
      file: p.file,
      line: p.line,
      family: p.family ?? null,
      event: p.event ?? null,
      status: p.status,
      errors: p.errors.map((e) => ({ pointer: e.pointer, message: e.message, kind: e.kind })),
    })),
    omittedProblems: report.omittedProblems,
    strict: report.strict,
  }
  return JSON.stringify(doc, null, 2) + '\n'
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
