import { normalizeNewlines } from '../emit/header.js'
import { cmp } from '../errors.js'
import { eventText, impactText, type DiffReport } from './diff/report.js'
import { mdCode, mdText } from './markdown.js'
import { SEVERITIES } from './rules.js'

/** The heading and text a new CHANGELOG.md starts with. */
export const CHANGELOG_HEAD = `# Changelog

Each entry is written by \`evcat release\` from \`evcat diff\` against the previous release, grouped by family,
each change with its compatibility rule (the rules: out/docs/compatibility.md); where a family has many changes
that touch neither the types nor validation, they are counted by rule (\`evcat diff\` lists each).
`

// More docs-only changes than this in a family are counted by rule instead of listed (evcat diff lists them).
const DOCS_LISTED = 12

/**
 * The CHANGELOG.md entry of a release: a heading, what it was compared with, then per family each change and its
 * rule. A family's docs-only changes, when there are many (evidence cited for a whole catalog), are counted by rule.
 */
export function changelogEntry(version: string, report: DiffReport): string {
  const { breaking, compatible, docs } = report.summary
  const out = [
    `## ${version}`,
    '',
    `Compared with ${mdText(report.against.version)} (${mdText(report.against.label)}): ${breaking} breaking, ${compatible} compatible, ${docs} docs.`,
  ]
  for (const family of [...new Set(report.changes.map((c) => c.family))].sort(cmp)) {
    out.push('', `### ${family}`, '')
    const docs = report.changes.filter((x) => x.family === family && x.severity === 'docs')
    for (const severity of SEVERITIES) {
      if (severity === 'docs' && docs.length > DOCS_LISTED) {
        out.push(`- docs: ${docs.length} changes that touch neither the types nor validation: ${countByRule(docs)}.`)
        continue
      }
      for (const c of report.changes.filter((x) => x.family === family && x.severity === severity)) {
        const where = [mdCode(eventText(c.event)), mdCode(c.pointer)].filter((x) => x !== '').join(' ')
        const ack = c.accepted === undefined ? '' : ` Acknowledged: ${mdText(c.accepted.reason)}`
        const sev = severity === 'breaking' ? '**breaking**' : severity
        out.push(`- ${sev} ${where}: ${mdText(c.message)} (${mdCode(c.rule)}; ${impactText(c)}).${ack}`)
      }
    }
  }
  return out.join('\n') + '\n'
}

function countByRule(changes: readonly { rule: string }[]): string {
  const counts = new Map<string, number>()
  for (const c of changes) counts.set(c.rule, (counts.get(c.rule) ?? 0) + 1)
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || cmp(a, b))
    .map(([rule, n]) => `${n} ${mdCode(rule)}`)
    .join(', ')
}

/** CHANGELOG.md with a new entry above the previous ones (a new file gets the standard head first). */
export function insertEntry(existing: string | undefined, entry: string): string {
  const text = existing ?? CHANGELOG_HEAD
  const at = text.search(/^## /m)
  if (at < 0) return `${normalizeNewlines(text)}\n${entry}`
  return `${text.slice(0, at)}${entry}\n${text.slice(at)}`
}
