/**
 * Server and library versions as the catalog writes them: dotted numbers with an optional leading `v`
 * (`4.16`, `5.0.2`, `v0.9.21`, `v2`), and `main`, the development branch, newer than every release.
 * Shipped with the validators, so that `validate(msg, { server })` can find a version without evcat.
 */

/** A parsed version: its numeric components, or `main`. */
export type Version = readonly number[] | 'main'

/** Parses a version; undefined when it is not one (`5.x`, `latest`, `1..2`). */
export function parseVersion(text: string): Version | undefined {
  if (text === 'main') return 'main'
  const m = /^v?(\d+(?:\.\d+)*)$/.exec(text)
  if (m === null) return undefined
  return m[1]!.split('.').map(Number)
}

/**
 * Orders two versions component by component, a missing component counting as 0 (`4.16` = `4.16.0`), and
 * `main` after every release: -1, 0 or 1.
 */
export function compareVersions(a: Version, b: Version): number {
  if (a === 'main' || b === 'main') return a === b ? 0 : a === 'main' ? 1 : -1
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}

/** The entry of `known` that names the same version as `text` (`5.0.2` finds `5.0.2`, `0.9.21` finds `v0.9.21`). */
export function findVersion(known: readonly string[], text: string): string | undefined {
  const wanted = parseVersion(text)
  if (wanted === undefined) return undefined
  return known.find((k) => {
    const v = parseVersion(k)
    return v !== undefined && compareVersions(v, wanted) === 0
  })
}
