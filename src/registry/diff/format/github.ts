import { eventText, fails, summaryLine, type DiffReport } from '../report.js'

/** GitHub Actions workflow commands: an error per failing change, a warning or notice for the others, at the catalog file. */
export function formatGithub(report: DiffReport): string {
  const out: string[] = []
  for (const c of report.changes) {
    const level = fails(report, c) ? 'error' : c.severity === 'docs' || c.accepted !== undefined ? 'notice' : 'warning'
    const props: [string, string][] = []
    if (c.file !== undefined) props.push(['file', `${report.catalogDir}/${c.file}`], ['line', String(c.line ?? 1)])
    props.push(['title', `evcat diff: ${c.severity} ${c.rule}`])
    const where = [c.family, eventText(c.event), c.pointer].filter((x) => x !== '').join(' ')
    out.push(
      command(
        level,
        props,
        `${where}: ${c.message}${c.accepted === undefined ? '' : ` (acknowledged: ${c.accepted.reason})`}`,
      ),
    )
  }
  for (const e of report.stale) {
    out.push(
      command(
        'warning',
        [
          ['file', `${report.catalogDir}/accepted-changes.yaml`],
          ['line', String(e.line)],
          ['title', 'evcat diff: stale'],
        ],
        `acknowledged ${e.rule} at ${e.pointer} matches no change`,
      ),
    )
  }
  out.push(command('notice', [['title', 'evcat diff']], `against ${report.against.label}: ${summaryLine(report)}`))
  return out.join('\n') + '\n'
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function command(name: string, props: readonly [string, string][], message: string): string {
  const list = props.map(([k, v]) => `${k}=${escapeData(v).replace(/:/g, '%3A').replace(/,/g, '%2C')}`).join(',')
  return `::${name}${list === '' ? '' : ` ${list}`}::${escapeData(message)}`
}
