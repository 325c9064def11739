import { compareVersions, parseVersion, type Version } from '../runtime/version.js'

/** One comparator of a range: `>=5.0.2`. */
export interface Comparator {
  readonly op: '>=' | '>' | '<=' | '<' | '='
  readonly version: Version
  readonly text: string
}

/** A version range: alternatives (`||`), each a conjunction of comparators. */
export type VersionRange = readonly (readonly Comparator[])[]

/** Where versions are written: an event's `since`/`until`/`versions`, or a node's `x-since`/`x-until`/`x-versions`. */
export interface VersionMarks {
  readonly since?: unknown
  readonly until?: unknown
  readonly versions?: unknown
}

/**
 * Parses a range expression: alternatives joined by `||`, each a space-separated list of `>=V`, `>V`, `<=V`,
 * `<V`, `=V` or `V`. Throws an Error naming the part that does not parse.
 */
export function parseRange(text: string): VersionRange {
  const alternatives = text.split('||').map((alt) => alt.trim())
  if (alternatives.some((alt) => alt === '')) throw new Error(`empty alternative in version range "${text}"`)
  return alternatives.map((alt) =>
    alt.split(/\s+/).map((part) => {
      const m = /^(>=|<=|>|<|=)?\s*(.+)$/.exec(part)!
      const version = parseVersion(m[2]!)
      if (version === undefined) throw new Error(`"${m[2]}" is not a version (in "${text}")`)
      return { op: (m[1] ?? '=') as Comparator['op'], version, text: m[2]! }
    }),
  )
}

/** Whether a version is in a range. */
export function inRange(range: VersionRange, version: Version): boolean {
  return range.some((alt) => alt.every((c) => holds(c, compareVersions(version, c.version))))
}

function holds(c: Comparator, order: number): boolean {
  switch (c.op) {
    case '>=':
      return order >= 0
    case '>':
      return order > 0
    case '<=':
      return order <= 0
    case '<':
      return order < 0
    case '=':
      return order === 0
  }
}

/**
 * The range text of a node's or an event's version marks: `since` → `>=V`, `until` → `<=V`, both joined,
 * or `versions` as written; undefined when unversioned. Marks are assumed checked (strings).
 */
export function rangeText(marks: VersionMarks): string | undefined {
  if (typeof marks.versions === 'string') return marks.versions
  const parts: string[] = []
  if (typeof marks.since === 'string') parts.push(`>=${marks.since}`)
  if (typeof marks.until === 'string') parts.push(`<=${marks.until}`)
  return parts.length === 0 ? undefined : parts.join(' ')
}

/** The version marks of a schema node (`x-since`, `x-until`, `x-versions`). */
export function nodeMarks(node: Readonly<Record<string, unknown>>): VersionMarks {
  return { since: node['x-since'], until: node['x-until'], versions: node['x-versions'] }
}

/** Whether a schema node carries any version mark. */
export function isVersioned(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false
  const n = node as Record<string, unknown>
  return n['x-since'] !== undefined || n['x-until'] !== undefined || n['x-versions'] !== undefined
}

/** A range for people: `since 5.19`, `until 4.24`, `4.0.7 to 4.24`, else the expression with `or`. */
export function describeRange(text: string): string {
  const range = parseRange(text)
  return range.map(describeAlternative).join(' or ')
}

function describeAlternative(alt: readonly Comparator[]): string {
  const lower = alt.find((c) => c.op === '>=')
  const upper = alt.find((c) => c.op === '<=')
  if (alt.length === 1 && lower) return `since ${lower.text}`
  if (alt.length === 1 && upper) return `until ${upper.text}`
  if (alt.length === 2 && lower && upper) return `${lower.text} to ${upper.text}`
  if (alt.length === 1 && alt[0]!.op === '=') return alt[0]!.text
  return alt.map((c) => `${c.op === '=' ? '' : c.op}${c.text}`).join(' ')
}

/** The known versions (as written) that a range admits, parsed; every known version when there is no range. */
export function versionsIn(known: readonly string[], range: string | undefined): Version[] {
  const parsed = known.map((k) => parseVersion(k)).filter((v): v is Version => v !== undefined)
  if (range === undefined) return parsed
  const r = parseRange(range)
  return parsed.filter((v) => inRange(r, v))
}
