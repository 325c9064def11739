import { cmp } from '../../../errors.js'
import { SEVERITIES } from '../../rules.js'
import { eventText, impactText, summaryLine, type DiffReport, type ReportedChange } from '../report.js'
import { ACCEPTED_FILE } from '../../accepted.js'

/** Plain text for people: per family, the changes by severity, then acknowledged and stale entries and a summary. */
export function formatText(report: DiffReport): string {
  const out: string[] = [
    `evcat diff: ${report.catalog.label} (${report.catalog.version}) against ${report.against.label} (${report.against.version})`,
  ]
  for (const note of report.notes) out.push(`note: ${note}`)
  const families = [...new Set(report.changes.map((c) => c.family))].sort(cmp)
  for (const family of families) {
    out.push('', family)
    const of = report.changes.filter((c) => c.family === family)
    for (const severity of SEVERITIES)
      for (const c of of.filter((x) => x.severity === severity)) out.push(line(report, c))
  }
  if (report.stale.length > 0) {
    out.push(
      '',
      `stale acknowledged changes (they match nothing; remove them from ${report.catalogDir}/${ACCEPTED_FILE}):`,
    )
    for (const e of report.stale)
      out.push(
        `  ${report.catalogDir}/${ACCEPTED_FILE}:${e.line}: ${e.rule} ${[e.family, e.event, e.pointer].filter((x) => x !== undefined).join(' ')}`,
      )
  }
  out.push('', summaryLine(report))
  return out.join('\n') + '\n'
}

function line(report: DiffReport, c: ReportedChange): string {
  const mark = c.accepted !== undefined ? 'acknowledged' : c.severity
  const where = [eventText(c.event), c.pointer].filter((x) => x !== '').join(' ')
  const why = c.accepted === undefined ? '' : ` — acknowledged: ${c.accepted.reason}`
  return `  ${mark.padEnd(12)} ${where}: ${c.message} [${c.rule}; ${impactText(c)}]${why}`
}
