import { readFile } from 'node:fs/promises'
import { isCatalogFile } from '../catalog/load.js'
import { listFiles } from '../emit/write.js'
import { compareSnapshots } from './diff/compare.js'
import { eventText } from './diff/report.js'
import { lastReleaseTag } from './release.js'
import { bump, compareSemver, formatSemver, parseSemver } from './semver.js'
import type { CatalogSnapshot } from './snapshot.js'
import { readAgainst, readCurrent } from './source/against.js'
import { commitOf, filesAt, repoOf } from './source/git.js'

/** What the release-version check found: nothing to say, a skip reason, or the problem. */
export interface VersionCheck {
  readonly problem?: string
  readonly skipped?: string
  /** For a repository with no release tag (a clone without tags, or before the first release): say so. */
  readonly note?: string
}

/**
 * `generate --check`'s version rule: when the catalog changed in a breaking way since the last release tag, its
 * version must have been bumped for it. No repository or no tag: nothing to check. `current` spares reading the
 * catalog again when the caller has its snapshot.
 */
export async function checkReleaseVersion(catalog: string, current?: CatalogSnapshot): Promise<VersionCheck> {
  const repo = await repoOf(catalog)
  if (repo === undefined) return { skipped: `${catalog} is not in a git repository` }
  let tag: string
  try {
    tag = await lastReleaseTag(catalog)
  } catch {
    const skipped = 'no release tag (vX.Y.Z) is reachable from HEAD'
    return { skipped, note: `the release version was not checked: ${skipped} ("git fetch --tags" fetches them)` }
  }
  // Cheap answers first: the catalog's files as the tag has them, or a version already bumped past any change.
  const commit = (await commitOf(repo, tag))!
  const keep = isCatalogFile
  const then = await filesAt(repo, commit, keep)
  if (await sameFiles(catalog, then, keep)) return {}
  const tagged = parseSemver(tag, 'tag')
  const now = current ?? (await readCurrent(catalog)).snapshot
  const version = parseSemver(now.version, `the version in ${catalog}/catalog.yaml`)
  const required = bump(tagged, 'breaking')
  if (compareSemver(version, required) >= 0) return {}
  const other = await readAgainst(tag, { catalog })
  const breaking = compareSnapshots(other.snapshot, now).filter((c) => c.severity === 'breaking')
  if (breaking.length === 0) return {}
  const first = breaking[0]!
  const example = `${first.family} ${eventText(first.event)} ${first.pointer} ${first.rule}`.replace(/\s+/g, ' ')
  return {
    problem: `the catalog changed in a breaking way since ${tag} (${breaking.length} breaking change(s), e.g. ${example}) but its version is ${formatSemver(version)}, not ${formatSemver(required)} or more; run "evcat release" (or "evcat diff --against ${tag}" to see them)`,
  }
}

async function sameFiles(catalog: string, then: Readonly<Record<string, string>>, keep: (p: string) => boolean) {
  const now = (await listFiles(catalog)).filter(keep)
  if (now.length !== Object.keys(then).length) return false
  for (const path of now) {
    if (then[path] === undefined || then[path] !== (await readFile(`${catalog}/${path}`, 'utf8'))) return false
  }
  return true
}
