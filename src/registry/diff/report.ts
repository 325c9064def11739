import { matches, type AcceptedEntry } from '../accepted.js'
import { ruleOf, SEVERITIES, type Severity, type TypesImpact, type ValidationImpact } from '../rules.js'
import type { Change } from './compare.js'

/** A change as reported: with its rule's impacts, and the entry that acknowledges it when there is one. */
export interface ReportedChange extends Change {
  readonly types: TypesImpact
  readonly validation: ValidationImpact
  readonly accepted?: AcceptedEntry
  /** Catalog-relative file and line of the event or family, for annotations. */
  readonly file?: string
  readonly line?: number
}

/** The whole result of `evcat diff`, what every format prints. */
export interface DiffReport {
  /** The catalog compared (the new side) and what it was compared with. */
  readonly catalog: { readonly label: string; readonly version: string }
  readonly against: { readonly label: string; readonly version: string }
  readonly summary: Readonly<Record<Severity, number>>
  readonly changes: readonly ReportedChange[]
  /** Acknowledged changes that match nothing. */
  readonly stale: readonly AcceptedEntry[]
  readonly notes: readonly string[]
  /** The least severity that fails the run. */
  readonly failOn: Severity
  /** The catalog folder, for file paths in annotations. */
  readonly catalogDir: string
}

/** Everything needed to build a report. */
export interface ReportInput {
  readonly changes: readonly Change[]
  readonly accepted: readonly AcceptedEntry[]
  readonly catalog: DiffReport['catalog']
  readonly against: DiffReport['against']
  readonly notes: readonly string[]
  readonly failOn: Severity
  readonly catalogDir: string
  /** Where each event (`family/name`) and family (`family`) is written, for annotations. */
  readonly places: ReadonlyMap<string, { file: string; line: number }>
}

/** Marks acknowledged changes, finds stale entries and counts by severity. */
export function buildReport(input: ReportInput): DiffReport {
  const used = new Set<AcceptedEntry>()
  const changes = input.changes.map((c): ReportedChange => {
    const entry = input.accepted.find((e) => matches(e, c))
    if (entry !== undefined) used.add(entry)
    const rule = ruleOf(c.rule)
    const place = input.places.get(`${c.family}/${c.event}`) ?? input.places.get(c.family)
    return {
      ...c,
      types: rule.types,
      validation: rule.validation,
      ...(entry === undefined ? {} : { accepted: entry }),
      ...(place === undefined ? {} : { file: place.file, line: place.line }),
    }
  })
  const summary = { breaking: 0, compatible: 0, docs: 0 }
  for (const c of changes) summary[c.severity]++
  return {
    catalog: input.catalog,
    against: input.against,
    summary,
    changes,
    stale: input.accepted.filter((e) => !used.has(e)),
    notes: input.notes,
    failOn: input.failOn,
    catalogDir: input.catalogDir,
  }
}

/** Whether a change fails the run: not acknowledged, and at least as severe as --fail-on. */
export function fails(report: DiffReport, change: ReportedChange): boolean {
  return change.accepted === undefined && SEVERITIES.indexOf(change.severity) <= SEVERITIES.indexOf(report.failOn)
}

/** The exit code: 1 when any change fails the run, else 0. */
export function exitCode(report: DiffReport): 0 | 1 {
  return report.changes.some((c) => fails(report, c)) ? 1 : 0
}

/** `types: break` and the like, for people: which side of the consumer a change touches. */
export function impactText(c: { types: TypesImpact; validation: ValidationImpact }): string {
  const parts: string[] = []
  if (c.types !== 'none') parts.push(`types ${c.types}`)
  if (c.validation !== 'none') parts.push(`validation ${c.validation}`)
  return parts.length === 0 ? 'docs only' : parts.join(', ')
}

/** One line counting changes by severity, with how many are acknowledged. */
export function summaryLine(report: DiffReport): string {
  const accepted = report.changes.filter((c) => c.accepted !== undefined).length
  const counts = SEVERITIES.map((s) => `${report.summary[s]} ${s}`).join(', ')
  const total = report.changes.length
  if (total === 0) return `no changes against ${report.against.label}`
  return `${counts}${accepted > 0 ? ` (${accepted} acknowledged)` : ''}${report.stale.length > 0 ? `; ${report.stale.length} stale acknowledged change(s)` : ''}`
}

/** How an event reads in text: its name, or "every event" for `*`, "every <group> event" for `<group>/*`. */
export function eventText(event: string): string {
  if (event === '*') return 'every event'
  if (event.endsWith('/*')) return `every ${event.slice(0, -2)} event`
  return event
}
