// How a version range changed between two catalogs: the one comparison evcat diff needs beyond
// src/schema/version-range.ts (which parses, tests and describes ranges).
import type { Version } from '../runtime/version.js'
import {
  inRange,
  nodeMarks,
  parseRange,
  rangeText,
  type VersionMarks,
  type VersionRange,
} from '../schema/version-range.js'

/** How two ranges relate: the same versions, more, fewer, or some of each. */
export type RangeChange = 'same' | 'widened' | 'narrowed' | 'changed'

/** The range every version is in. */
const EVERY: VersionRange = [[]]

/** The range of version marks (`since`/`until`/`versions`); every version when there are none. Throws when one does not parse. */
export function rangeOfMarks(marks: VersionMarks | undefined): VersionRange {
  const text = marks === undefined ? undefined : rangeText(marks)
  return text === undefined ? EVERY : parseRange(text)
}

/** The range of a schema node's `x-since`/`x-until`/`x-versions`; every version when it has none. */
export function rangeOfNode(node: Readonly<Record<string, unknown>>): VersionRange {
  return rangeOfMarks(nodeMarks(node))
}

/** The versions in both ranges. */
export function intersect(a: VersionRange, b: VersionRange): VersionRange {
  return a.flatMap((x) => b.map((y) => [...x, ...y]))
}

/**
 * Compares two ranges exactly. A range's answer only changes at the versions its comparators name, so testing
 * those versions, a point just above each, one below all and `main` decides every version there is.
 */
export function compareRanges(before: VersionRange, after: VersionRange): RangeChange {
  const bounds = [...before, ...after].flat().map((c) => c.version)
  const points: Version[] = [[-1], 'main', ...bounds, ...bounds.map(justAbove)]
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
  if (v === 'main') return v
  return [...v, ...Array<number>(Math.max(0, 12 - v.length)).fill(0), 0.5]
}
