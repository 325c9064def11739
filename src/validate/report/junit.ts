import type { LineResult, ValidationReport } from '../types.js'
import { type ReportOptions, displayFile, omittedLine, problemLines } from './common.js'

// Characters XML 1.0 cannot carry at all, not even as &#n; references: they are dropped.
const ILLEGAL =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Text content: only & and < must be escaped, > too so `]]>` can never appear. */
function text(s: string): string {
  return s.replace(ILLEGAL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Attribute values: also quotes, and tab/CR/LF as references, which parsers would otherwise turn into spaces. */
function attr(s: string): string {
  return text(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
}

type Outcome = { tag: 'failure' | 'error' | 'skipped'; type: string; message: string; body: string } | undefined

interface Case {
  readonly classname: string
  readonly name: string
  readonly outcome: Outcome
}

/**
 * What a problem record becomes. Drift without --strict is `<skipped>`: CI shows it, with its
 * message, as something to look at without failing the build; with --strict it is a `<failure>`.
 */
function problemCase(p: LineResult, strict: boolean): Case {
  const lines = problemLines(p).map((l) => l.text)
  const message = lines.length > 1 ? `${lines[0]!} (and ${lines.length - 1} more)` : lines[0]!
  const body = lines.join('\n')
  const outcome: Outcome =
    p.status === 'unreadable'
      ? { tag: 'error', type: 'unreadable', message, body }
      : p.status === 'drift' && !strict
        ? { tag: 'skipped', type: 'drift', message, body }
        : { tag: 'failure', type: p.status, message, body }
  const name = `${displayFile(p.file)}:${p.line}${p.event === undefined ? '' : ` ${p.event}`}`
  return { classname: p.status === 'unreadable' ? 'unreadable' : (p.family ?? 'unknown'), name, outcome }
}

/** The count attributes, computed from the cases written so that a reader's totals always match. */
function counts(cases: readonly Case[]): string {
  const n = (tag: string): number => cases.filter((c) => c.outcome?.tag === tag).length
  return `tests="${cases.length}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}"`
}

function suite(name: string, cases: readonly Case[], properties: Record<string, string> = {}): string[] {
  const out = [`  <testsuite name="${attr(name)}" ${counts(cases)}>`]
  const props = Object.entries(properties)
  if (props.length > 0) {
    out.push('    <properties>')
    for (const [k, v] of props) out.push(`      <property name="${attr(k)}" value="${attr(v)}"/>`)
    out.push('    </properties>')
  }
  for (const c of cases) {
    const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}"`
    const o = c.outcome
    if (o === undefined) out.push(`${open}/>`)
    else {
      const msg = `message="${attr(o.message)}"${o.tag === 'skipped' ? '' : ` type="${attr(o.type)}"`}`
      out.push(`${open}>`, `      <${o.tag} ${msg}>${text(o.body)}</${o.tag}>`, '    </testcase>')
    }
  }
  out.push('  </testsuite>')
  return out
}

/**
 * JUnit XML for CI test views: a testsuite per input file with a testcase per problem record (and
 * one for a file that could not be read), then an `evcat` suite whose passing "N valid records" case
 * and "more problems" failure make the testcase counts cover every record.
 */
export function formatJunit(report: ValidationReport, options: ReportOptions = {}): string {
  // Suites follow the input order; a file's error comes after whatever records it did yield.
  const byFile = new Map<string, Case[]>(report.files.map((f) => [f.file, []]))
  const casesOf = (file: string): Case[] => byFile.get(file) ?? byFile.set(file, []).get(file)!
  for (const p of report.problems) casesOf(p.file).push(problemCase(p, report.strict))
  for (const f of report.files) {
    if (f.error === undefined) continue
    const outcome: Outcome = { tag: 'error', type: 'file', message: f.error, body: f.error }
    casesOf(f.file).push({ classname: 'file', name: displayFile(f.file), outcome })
  }
  const valid = report.summary.valid
  const summary: Case[] = [
    { classname: 'evcat', name: `${valid} valid record${valid === 1 ? '' : 's'}`, outcome: undefined },
  ]
  if (report.omittedProblems > 0) {
    const message = omittedLine(report.omittedProblems)
    summary.push({
      classname: 'evcat',
      name: `${report.omittedProblems} more problems`,
      outcome: { tag: 'failure', type: 'omitted', message, body: message },
    })
  }
  const suites = [...byFile]
    .filter(([, cases]) => cases.length > 0)
    .map(([file, cases]) => ({ name: displayFile(file), cases }))
  const props: Record<string, string> = { strict: String(report.strict) }
  if (options.catalogVersion !== undefined) props['catalogVersion'] = options.catalogVersion
  if (report.stoppedBy !== undefined) props['stoppedBy'] = report.stoppedBy
  const all = [...suites.flatMap((s) => s.cases), ...summary]
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="evcat validate" ${counts(all)}>`,
    ...suites.flatMap((s) => suite(s.name, s.cases)),
    ...suite('evcat', summary, props),
    '</testsuites>',
    '',
  ].join('\n')
}
