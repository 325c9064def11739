import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { ACCEPTED_FILE, readAccepted } from './accepted.js'
import { compareSnapshots } from './diff/compare.js'
import { buildReport, type DiffReport } from './diff/report.js'
import { placesOf } from './diff/run.js'
import { changelogEntry, insertEntry } from './changelog.js'
import { acceptedWithout, setCatalogVersion } from './edit.js'
import { SEVERITIES, type Severity } from './rules.js'
import { bump, compareSemver, formatSemver, parseSemver } from './semver.js'
import { readAgainst, readCurrent } from './source/against.js'
import { releaseTags, repoOf } from './source/git.js'

/** What `evcat release` is asked to do. */
export interface ReleaseOptions {
  readonly catalog: string
  /** The last release. @default the highest vX.Y.Z tag reachable from HEAD */
  readonly against?: string
  readonly registry?: string
  /** Release this version instead of the computed one (it must be at least that). */
  readonly version?: string
  /** @default CHANGELOG.md beside the catalog folder */
  readonly changelog?: string
}

/** A release worked out but not written: the version, why, and the changelog entry. */
export interface ReleasePlan {
  readonly report: DiffReport
  /** The most severe change; undefined when nothing changed. */
  readonly severity?: Severity
  readonly previous: string
  readonly next?: string
  readonly entry?: string
  readonly changelog: string
}

/** Compares the catalog with the last release and works out the next version and its changelog entry. */
export async function planRelease(options: ReleaseOptions): Promise<ReleasePlan> {
  const against = options.against ?? (await lastReleaseTag(options.catalog))
  const current = await readCurrent(options.catalog)
  const other = await readAgainst(against, {
    catalog: options.catalog,
    ...(options.registry === undefined ? {} : { registry: options.registry }),
  })
  const report = buildReport({
    changes: compareSnapshots(other.snapshot, current.snapshot),
    accepted: await readAccepted(options.catalog),
    catalog: { label: current.label, version: current.snapshot.version },
    against: { label: other.label, version: other.snapshot.version },
    notes: other.notes,
    failOn: 'breaking',
    catalogDir: options.catalog.replace(/\/+$/, ''),
    places: placesOf(current.snapshot),
  })
  const changelog = options.changelog ?? join(dirname(resolve(options.catalog)), 'CHANGELOG.md')
  const previous = parseSemver(other.snapshot.version, `the version of ${other.label}`)
  const severity = SEVERITIES.find((s) => report.summary[s] > 0)
  if (severity === undefined) return { report, previous: formatSemver(previous), changelog }
  const required = bump(previous, severity)
  let next = required
  if (options.version !== undefined) {
    next = parseSemver(options.version, '--next-version')
    if (compareSemver(next, required) < 0) {
      throw new UsageError(
        `--next-version ${options.version} is too low: the changes since ${formatSemver(previous)} are ${severity}, which needs ${formatSemver(required)} or more`,
      )
    }
  }
  const version = formatSemver(next)
  return {
    report,
    severity,
    previous: formatSemver(previous),
    next: version,
    entry: changelogEntry(version, report),
    changelog,
  }
}

/** Writes a planned release: the catalog's version, the changelog entry, and the acknowledged changes it covers. */
export async function writeRelease(
  plan: ReleasePlan,
  catalog: string,
): Promise<{ written: string[]; dropped: number }> {
  if (plan.next === undefined || plan.entry === undefined) return { written: [], dropped: 0 }
  const existing = await readFile(plan.changelog, 'utf8').catch(() => undefined)
  if (existing !== undefined && new RegExp(`^## ${plan.next.replace(/\./g, '\\.')}\\b`, 'm').test(existing)) {
    throw new UsageError(
      `${plan.changelog} already has ${plan.next}: that release was written; commit it and tag it (git tag v${plan.next})`,
    )
  }
  const catalogYaml = join(catalog, 'catalog.yaml')
  const acceptedFile = join(catalog, ACCEPTED_FILE)
  const covered = new Set(plan.report.changes.flatMap((c) => (c.accepted === undefined ? [] : [c.accepted.line])))
  // Every text is made before anything is written: a failure leaves the files as they were.
  const writes: [string, string][] = [
    [catalogYaml, setCatalogVersion(await readFile(catalogYaml, 'utf8'), plan.next, catalogYaml)],
    [plan.changelog, insertEntry(existing, plan.entry)],
  ]
  if (covered.size > 0) writes.push([acceptedFile, acceptedWithout(await readFile(acceptedFile, 'utf8'), covered)])
  for (const [path, text] of writes) await writeFile(path, text)
  return { written: writes.map(([path]) => path), dropped: covered.size }
}

/** The last release: the highest `vX.Y.Z` tag reachable from HEAD in the catalog's repository. */
export async function lastReleaseTag(catalog: string): Promise<string> {
  const repo = await repoOf(catalog)
  if (repo === undefined)
    throw new UsageError(`${catalog} is not in a git repository, so no release tag can be found; pass --against REF`)
  const tags = await releaseTags(repo)
  if (tags.length === 0) {
    throw new UsageError(
      `no release tag (vX.Y.Z) is reachable from HEAD in ${repo.top}; pass --against REF, or tag the last release (git tag v0.1.0 COMMIT)`,
    )
  }
  return tags.sort((a, b) => compareSemver(parseSemver(b, 'tag'), parseSemver(a, 'tag')))[0]!
}
