import { cmp, UsageError } from '../../errors.js'
import type { AtRiskDoc, ProblemDoc, ReportDoc, TapDoc, UnlistedDoc } from './json-doc.js'

/** One report to merge and the name it is known by (its file). */
export interface NamedReport {
  readonly name: string
  readonly doc: ReportDoc
}

/** Options of a merge. */
export interface MergeOptions {
  /** Keep at most this many problems, the earliest; the rest are counted as omitted. @default 1000 */
  readonly maxProblems?: number
}

type Counts = { total: number; valid: number; invalid: number; drift: number; unreadable: number }

/**
 * Sums JSON reports into one of the same shape, so merged reports merge again. Counts add up; events seen
 * are summed; problems are listed by arrival time (untimed ones, from `evcat validate`, first, in report
 * order). Records that tap reports mark at risk (redelivered by the broker, or acknowledged without a
 * confirmation yet) are grouped by message id: where one message was counted more than once, only one copy
 * counts, the one that was not a redelivery if there is one. The result does not depend on the order of the
 * inputs.
 */
export function mergeReports(inputs: readonly NamedReport[], options: MergeOptions = {}): ReportDoc {
  if (inputs.length === 0) throw new UsageError('give at least one report to merge')
  const strict = inputs[0]!.doc.strict
  const other = inputs.find((r) => r.doc.strict !== strict)
  if (other !== undefined)
    throw new UsageError(
      `${other.name} was made ${other.doc.strict ? 'with' : 'without'} --strict and ${inputs[0]!.name} not: merge like with like`,
    )
  const reports = [...inputs].sort(compareReports)
  const duplicates = findDuplicates(reports)
  const summary: Counts = { total: 0, valid: 0, invalid: 0, drift: 0, unreadable: 0 }
  const events: Record<string, Record<string, number>> = {}
  const unlisted: Record<string, UnlistedDoc> = {}
  const problems: ProblemDoc[] = []
  let omitted = 0
  for (const r of reports) {
    const dropped = duplicates.get(r) ?? []
    const kept = withoutDuplicates(r.doc, dropped)
    for (const key of ['total', 'valid', 'invalid', 'drift', 'unreadable'] as const) summary[key] += kept.summary[key]
    for (const [family, byEvent] of Object.entries(kept.events))
      for (const [event, n] of Object.entries(byEvent)) add(events, family, event, n)
    for (const [family, u] of Object.entries(kept.unlistedEvents ?? {})) {
      // Reports may have seen the same unlisted events: their sum is only a bound, so say so.
      const before = unlisted[family]
      unlisted[family] =
        before === undefined
          ? u
          : { events: Math.max(before.events, u.events), records: before.records + u.records, atLeast: true }
    }
    problems.push(...kept.problems)
    omitted += kept.omittedProblems
  }
  const ordered = byTime(problems)
  const max = options.maxProblems ?? 1000
  const tap = mergeTaps(reports, duplicates)
  return {
    summary,
    files: reports.flatMap((r) => r.doc.files),
    events: sortEvents(events),
    unlistedEvents: Object.fromEntries(Object.entries(unlisted).sort(([a], [b]) => cmp(a, b))),
    problems: ordered.slice(0, max),
    omittedProblems: omitted + Math.max(0, ordered.length - max),
    strict,
    stoppedBy: stoppedBy(reports),
    ...(tap === undefined ? {} : { tap }),
  }
}

/** What stopped the runs whose reports are merged before their inputs ended (`SIGINT, SIGTERM`), or null. */
function stoppedBy(reports: readonly NamedReport[]): string | null {
  const reasons = new Set(reports.map((r) => r.doc.stoppedBy).filter((s): s is string => typeof s === 'string'))
  return reasons.size === 0 ? null : [...reasons].sort(cmp).join(', ')
}

/** Reports in an order that depends on their content only: by when their taps started, then files, then name. */
function compareReports(a: NamedReport, b: NamedReport): number {
  const key = (r: NamedReport): string => JSON.stringify([r.doc.tap?.reports ?? [], r.doc.files])
  return cmp(key(a), key(b)) || cmp(a.name, b.name)
}

/** Per report, its at-risk records that are copies of a record counted elsewhere (or earlier in it). */
function findDuplicates(reports: readonly NamedReport[]): Map<NamedReport, AtRiskDoc[]> {
  const byId = new Map<string, { report: NamedReport; record: AtRiskDoc }[]>()
  for (const report of reports)
    for (const record of report.doc.tap?.atRisk ?? []) {
      const copies = byId.get(record.id) ?? []
      copies.push({ report, record })
      byId.set(record.id, copies)
    }
  const out = new Map<NamedReport, AtRiskDoc[]>()
  for (const copies of byId.values()) {
    if (copies.length < 2) continue
    // Keep a first delivery when there is one: it is the copy the broker did not hand out again.
    const keep = copies.find((c) => !c.record.redelivered) ?? copies[0]!
    for (const c of copies) if (c !== keep) out.set(c.report, [...(out.get(c.report) ?? []), c.record])
  }
  return out
}

/** A report's counts, events and problems with its duplicate records taken out. */
function withoutDuplicates(doc: ReportDoc, dropped: readonly AtRiskDoc[]): ReportDoc {
  if (dropped.length === 0) return doc
  const summary = { ...doc.summary }
  const events = Object.fromEntries(Object.entries(doc.events).map(([f, e]) => [f, { ...e }])) as Record<
    string,
    Record<string, number>
  >
  const gone = new Set(dropped.map((d) => `${d.out}\n${d.line}`))
  const problems = doc.problems.filter((p) => !gone.has(`${p.file}\n${p.line}`))
  let omitted = doc.omittedProblems
  for (const d of dropped) {
    summary.total--
    summary[d.status]--
    if (d.family !== null && d.event !== null) add(events, d.family, d.event, -1)
  }
  // A dropped problem that the report had no room to list was counted as omitted.
  const listedDrops = doc.problems.length - problems.length
  const problemDrops = dropped.filter((d) => d.status !== 'valid').length
  omitted = Math.max(0, omitted - (problemDrops - listedDrops))
  return { ...doc, summary, events, problems, omittedProblems: omitted }
}

function add(events: Record<string, Record<string, number>>, family: string, event: string, n: number): void {
  const byEvent = (events[family] ??= {})
  const total = (byEvent[event] ?? 0) + n
  if (total > 0) byEvent[event] = total
  else delete byEvent[event]
  if (Object.keys(byEvent).length === 0) delete events[family]
}

function sortEvents(events: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.keys(events)
      .sort(cmp)
      .map((f) => [
        f,
        Object.fromEntries(
          Object.keys(events[f]!)
            .sort(cmp)
            .map((e) => [e, events[f]![e]!]),
        ),
      ]),
  )
}

/** Problems by arrival time; untimed ones keep their order, before the timed ones (a stable sort). */
function byTime(problems: readonly ProblemDoc[]): ProblemDoc[] {
  const time = (p: ProblemDoc): string => p.time ?? ''
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => cmp(time(a.p), time(b.p)) || a.i - b.i)
    .map((x) => x.p)
}

/** The tap sections summed, or undefined when no report came from a tap. */
function mergeTaps(reports: readonly NamedReport[], duplicates: Map<NamedReport, AtRiskDoc[]>): TapDoc | undefined {
  const taps = reports.map((r) => r.doc.tap).filter((t): t is TapDoc => t !== undefined)
  if (taps.length === 0) return undefined
  const dropped = new Set([...duplicates.values()].flat())
  const sum = (key: 'frames' | 'bytes' | 'lineBreaksReplaced' | 'redelivered' | 'reconnects' | 'duplicates'): number =>
    taps.reduce((s, t) => s + t[key], 0)
  return {
    reports: taps.flatMap((t) => t.reports),
    frames: sum('frames'),
    bytes: sum('bytes'),
    lineBreaksReplaced: sum('lineBreaksReplaced'),
    redelivered: sum('redelivered'),
    reconnects: sum('reconnects'),
    gaps: taps.flatMap((t) => t.gaps).sort((a, b) => cmp(String(a.from), String(b.from))),
    atRisk: taps.flatMap((t) => t.atRisk).filter((r) => !dropped.has(r)),
    duplicates: sum('duplicates') + dropped.size,
  }
}
