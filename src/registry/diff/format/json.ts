import type { DiffReport } from '../report.js'

/**
 * JSON for machines: `{ summary: {breaking, compatible, docs}, changes: [{family, event, pointer, rule, severity,
 * message, types, validation, accepted?}], stale, against, catalog, notes }`.
 */
export function formatJson(report: DiffReport): string {
  const doc = {
    summary: report.summary,
    changes: report.changes.map((c) => ({
      family: c.family,
      event: c.event,
      pointer: c.pointer,
      rule: c.rule,
      severity: c.severity,
      message: c.message,
      types: c.types,
      validation: c.validation,
      ...(c.accepted === undefined ? {} : { accepted: c.accepted.reason }),
    })),
    stale: report.stale.map((e) => ({
      line: e.line,
      rule: e.rule,
      pointer: e.pointer,
      family: e.family,
      event: e.event,
      reason: e.reason,
    })),
    catalog: report.catalog,
    against: report.against,
    notes: report.notes,
  }
  return JSON.stringify(doc, null, 2) + '\n'
}
