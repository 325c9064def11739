// Server versions and the ranges that say which versions send an event, a field or a branch (issue #11's
// `since`/`until`/`versions` on events and `x-since`/`x-until`/`x-versions` on schema nodes).

/** A parsed version: numeric components (missing ones are 0); `main` is newer than every release. */
export type Version = readonly number[]

const MAIN: Version = [Infinity]

/** Parses `4.16`, `5.0.2`, `v0.9.21`, `v2` or `main`; undefined when the text is none of these. */
export function parseVersion(text: string): Version | undefined {
  const t = text.trim()
  if (t === 'main') return MAIN
  const m = /^v?(\d+(?:\.\d+)*)$/.exec(t)
  return m === null ? undefined : m[1]!.split('.').map(Number)
}

/** Orders two versions numerically, component by component (missing components are 0). */
export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}

/** One comparator of a range: `>=5.0.2`, `<5.1`, `=5.6`. */
interface Comparator {
  readonly op: '>=' | '>' | '<=' | '<' | '='
  readonly version: Version
}

/** A version range: alternatives (`||`), each a list of comparators that must all hold. Empty: every version. */
export type VersionRange = readonly (readonly Comparator[])[]

/** The range that admits every version. */
export const EVERY_VERSION: VersionRange = []

/** Parses a range expression (`">=5.0.2 <5.1 || >=5.6"`); throws an Error naming the part that does not parse. */
export function parseRange(text: string): VersionRange {
  return text.split('||').map((alternative) => {
    const parts = alternative.trim().split(/\s+/).filter(Boolean)
    if (parts.length === 0) throw new Error(`empty alternative in version range "${text}"`)
    return parts.map((part) => {
      const m = /^(>=|<=|>|<|=)?(.+)$/.exec(part)!
      const version = parseVersion(m[2]!)
      if (version === undefined) throw new Error(`"${part}" in version range "${text}" is not a version`)
      return { op: (m[1] ?? '=') as Comparator['op'], version }
    })
  })
}

/** Where something applies: `since`/`until` (inclusive), or a `versions` range expression; nothing means every version. */
export interface VersionKeys {
  readonly since?: string
  readonly until?: string
  readonly versions?: string
}

/** The range of `since`/`until`/`versions`; throws an Error when one does not parse. */
export function rangeOf(keys: VersionKeys): VersionRange {
  if (keys.versions !== undefined) return parseRange(keys.versions)
  const all: Comparator[] = []
  for (const [key, op] of [
    ['since', '>='],
    ['until', '<='],
  ] as const) {
    const text = keys[key]
    if (text === undefined) continue
    const version = parseVersion(text)
    if (version === undefined) throw new Error(`${key} "${text}" is not a version`)
    all.push({ op, version })
  }
  return all.length === 0 ? EVERY_VERSION : [all]
}

/** The version keys of a schema node (`x-since`, `x-until`, `x-versions`), when it has any. */
export function nodeVersionKeys(node: Readonly<Record<string, unknown>>): VersionKeys | undefined {
  const keys: { since?: string; until?: string; versions?: string } = {}
  if (typeof node['x-since'] === 'string') keys.since = node['x-since']
  if (typeof node['x-until'] === 'string') keys.until = node['x-until']
  if (typeof node['x-versions'] === 'string') keys.versions = node['x-versions']
  return Object.keys(keys).length === 0 ? undefined : keys
}

/** Whether a version lies in a range. */
export function inRange(range: VersionRange, version: Version): boolean {
  if (range.length === 0) return true
  return range.some((alternative) => alternative.every((c) => holds(c, version)))
}

function holds(c: Comparator, v: Version): boolean {
  const d = compareVersions(v, c.version)
  switch (c.op) {
    case '>=':
      return d >= 0
    case '>':
      return d > 0
    case '<=':
      return d <= 0
    case '<':
      return d < 0
    case '=':
      return d === 0
  }
}

/** How two ranges relate: the same versions, more, fewer, or some of each. */
export type RangeChange = 'same' | 'widened' | 'narrowed' | 'changed'

/**
 * Compares two ranges exactly. A range's answer only changes at the versions its comparators name, so testing
 * those versions, a point just above each, one below all and `main` decides every version there is.
 */
export function compareRanges(before: VersionRange, after: VersionRange): RangeChange {
  const bounds = [...before, ...after].flat().map((c) => c.version)
  const points: Version[] = [[-1], MAIN, ...bounds, ...bounds.map(justAbove)]
  let gained = false
  let lost = false
  for (const p of points) {
    const a = inRange(before, p)
    const b = inRange(after, p)
    if (b && !a) gained = true
    if (a && !b) lost = true
  }
  return gained && lost ? 'changed' : gained ? 'widened' : lost ? 'narrowed' : 'same'
}

// Above v and below every version with at most 12 whole components that is above v.
function justAbove(v: Version): Version {
  if (v[0] === Infinity) return v
  return [...v, ...Array<number>(Math.max(0, 12 - v.length)).fill(0), 0.5]
}

/** Writes a range back as text (`>=5.0.2 <5.1 || >=5.6`); `every version` for the empty range. */
export function formatRange(range: VersionRange): string {
  if (range.length === 0) return 'every version'
  return range
    .map((alt) => alt.map((c) => `${c.op === '=' ? '' : c.op}${formatVersion(c.version)}`).join(' '))
    .join(' || ')
}

/** Writes a version back as text. */
export function formatVersion(v: Version): string {
  return v[0] === Infinity ? 'main' : v.join('.')
}
