import { cmp } from '../../../errors.js'
import { SEVERITIES } from '../../rules.js'
import { eventText, summaryLine, type DiffReport } from '../report.js'
import { mdCode as code, mdText as cell } from '../../markdown.js'

/** Markdown for a pull request comment or a job summary: a table per family. */
export function formatMarkdown(report: DiffReport): string {
  const out = [`## evcat diff against ${cell(report.against.label)}`, '', `${cell(summaryLine(report))}.`]
  for (const note of report.notes) out.push('', `> ${cell(note)}`)
  for (const family of [...new Set(report.changes.map((c) => c.family))].sort(cmp)) {
    out.push(
      '',
      `### ${family}`,
      '',
      '| severity | event | pointer | change | rule | types | validation |',
      '|---|---|---|---|---|---|---|',
    )
    const of = report.changes.filter((c) => c.family === family)
    for (const severity of SEVERITIES) {
      for (const c of of.filter((x) => x.severity === severity)) {
        const sev = c.accepted === undefined ? c.severity : `${c.severity} (acknowledged: ${cell(c.accepted.reason)})`
        out.push(
          `| ${sev} | ${cell(eventText(c.event))} | ${code(c.pointer)} | ${cell(c.message)} | ${code(c.rule)} | ${c.types} | ${c.validation} |`,
        )
      }
    }
  }
  if (report.stale.length > 0) {
    out.push('', '### Stale acknowledged changes', '')
    for (const e of report.stale) out.push(`- line ${e.line}: ${code(e.rule)} ${code(e.pointer)}: matches no change`)
  }
  return out.join('\n') + '\n'
}
