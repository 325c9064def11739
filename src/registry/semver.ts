import { UsageError } from '../errors.js'
import type { Severity } from './rules.js'

/** A release version `X.Y.Z` (the catalog's version is the package's version). */
export interface Semver {
  readonly major: number
  readonly minor: number
  readonly patch: number
}

/** Parses `X.Y.Z` (an optional leading `v`); `what` names it in the error. */
export function parseSemver(text: string, what: string): Semver {
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(text.trim())
  if (m === null) throw new UsageError(`${what} "${text}" is not a release version X.Y.Z`)
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) }
}

/** `X.Y.Z`. */
export function formatSemver(v: Semver): string {
  return `${v.major}.${v.minor}.${v.patch}`
}

/** Orders two versions. */
export function compareSemver(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch
}

/** The part of the version a release bumps. */
export type Part = 'major' | 'minor' | 'patch'

/**
 * Which part a change of each severity bumps, from 1.0.0 on, and before it (0.y.z). Before 1.0.0 the minor
 * number acts as the major one, as npm's caret ranges read it: `^0.1.0` takes 0.1.x and never 0.2.0, so a
 * breaking change bumps 0.y and everything else 0.y.z. 1.0.0 is never reached by a bump: it is a decision
 * (`evcat release --next-version 1.0.0`).
 */
export const BUMPS: Readonly<Record<Severity, { readonly stable: Part; readonly initial: Part }>> = {
  breaking: { stable: 'major', initial: 'minor' },
  compatible: { stable: 'minor', initial: 'patch' },
  docs: { stable: 'patch', initial: 'patch' },
}

/** The next version after `v` for a change of this severity. */
export function bump(v: Semver, severity: Severity): Semver {
  const part = v.major === 0 ? BUMPS[severity].initial : BUMPS[severity].stable
  if (part === 'major') return { major: v.major + 1, minor: 0, patch: 0 }
  if (part === 'minor') return { major: v.major, minor: v.minor + 1, patch: 0 }
  return { major: v.major, minor: v.minor, patch: v.patch + 1 }
}
