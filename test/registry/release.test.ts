import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bump, formatSemver, parseSemver } from '../../src/registry/semver.js'
import { checkReleaseVersion } from '../../src/registry/version-check.js'
import { run } from '../cli/run.js'
import { tempRepo, type TempRepo } from './git-repo.js'

const ADD_EVENT = [
  'catalog/shop/order.yaml',
  '  - name: cancelled\n',
  '  - name: refunded\n    summary: An order was refunded.\n    sources: [code]\n  - name: cancelled\n',
] as const
const REMOVE_FIELD = ['catalog/shop/family.yaml', '      currency: { type: string, x-since: "2.0" }\n', ''] as const
const repos: TempRepo[] = []
afterAll(() => repos.forEach((r) => r.remove()))

/** The mini catalog at `version`, committed and tagged v<version>. */
function released(version: string): TempRepo {
  const repo = tempRepo('test/fixtures/mini', 'evcat-release-')
  repos.push(repo)
  repo.edit('catalog/catalog.yaml', 'version: 1.2.3', `version: ${version}`)
  repo.commit(`release ${version}`)
  repo.git('tag', `v${version}`)
  return repo
}

describe('semver bumps', () => {
  const next = (v: string, s: 'breaking' | 'compatible' | 'docs') => formatSemver(bump(parseSemver(v, 'v'), s))
  it('from 1.0.0: major, minor, patch', () => {
    expect([next('1.2.3', 'breaking'), next('1.2.3', 'compatible'), next('1.2.3', 'docs')]).toEqual([
      '2.0.0',
      '1.3.0',
      '1.2.4',
    ])
  })
  it('before 1.0.0: breaking bumps the minor number, everything else the patch number', () => {
    expect([next('0.1.0', 'breaking'), next('0.1.0', 'compatible'), next('0.1.3', 'docs')]).toEqual([
      '0.2.0',
      '0.1.1',
      '0.1.4',
    ])
  })
})

describe('evcat release', () => {
  it('bumps a breaking change to the next major, writes the changelog, and consumes the acknowledged change', async () => {
    const repo = released('1.2.3')
    repo.edit(...REMOVE_FIELD)
    repo.edit(...ADD_EVENT)
    repo.write(
      'catalog/accepted-changes.yaml',
      '# Intended changes.\naccepted:\n  - rule: field-removed\n    pointer: /data/total/currency\n    reason: dropped upstream\n',
    )
    const r = await run('release', '--catalog', repo.catalog)
    expect(r.code).toBe(0)
    expect(r.out).toBe(
      `release 2.0.0 (breaking changes since 1.2.3, v1.2.3 (git ${repo.git('rev-parse', '--short=9', 'v1.2.3').trim()})): wrote ${join(repo.catalog, 'catalog.yaml')}, ${join(repo.dir, 'CHANGELOG.md')}, ${join(repo.catalog, 'accepted-changes.yaml')}; removed 1 acknowledged change(s) it covers\nnext: evcat generate, review, commit, git tag v2.0.0\n`,
    )
    // Only the version's bytes changed in catalog.yaml.
    expect(repo.git('diff', '--unified=0', '--', 'catalog/catalog.yaml')).toContain(
      '-version: 1.2.3\n+version: 2.0.0\n',
    )
    expect(repo.git('diff', '--numstat', '--', 'catalog/catalog.yaml')).toBe('1\t1\tcatalog/catalog.yaml\n')
    expect(repo.read('catalog/accepted-changes.yaml')).toBe('# Intended changes.\naccepted: []\n')
    const changelog = repo.read('CHANGELOG.md')
    expect(changelog).toContain('## 2.0.0\n\nCompared with 1.2.3 (v1.2.3 (git ')
    expect(changelog).toContain(
      '### shop\n\n- **breaking** `placed` `/data/total/currency`: field "currency" removed (was optional string) (`field-removed`; types break, validation drift). Acknowledged: dropped upstream\n- compatible `refunded`: event added (ShopRefundedEvent) (`event-added`; types exhaustive, validation relax).\n',
    )
    // The same release again: the changelog already has it.
    const again = await run('release', '--catalog', repo.catalog)
    expect(again.code).toBe(2)
    expect(again.err).toBe(
      `evcat: ${join(repo.dir, 'CHANGELOG.md')} already has 2.0.0: that release was written; commit it and tag it (git tag v2.0.0)\n`,
    )
  })

  it('follows the 0.x rules: compatible → 0.1.1, then breaking → 0.2.0, each entry above the last', async () => {
    const repo = released('0.1.0')
    repo.edit(...ADD_EVENT)
    expect((await run('release', '--catalog', repo.catalog)).out).toMatch(
      /^release 0\.1\.1 \(compatible changes since 0\.1\.0/,
    )
    repo.commit('0.1.1')
    repo.git('tag', 'v0.1.1')
    repo.edit(...REMOVE_FIELD)
    const dry = await run('release', '--catalog', repo.catalog, '--dry-run')
    expect(dry.out).toMatch(
      /^release 0\.2\.0 \(breaking changes since 0\.1\.1, v0\.1\.1 .*; dry run, nothing written\n\n## 0\.2\.0\n/,
    )
    expect(repo.git('status', '--porcelain')).toBe(' M catalog/shop/family.yaml\n')
    expect((await run('release', '--catalog', repo.catalog)).code).toBe(0)
    const changelog = repo.read('CHANGELOG.md')
    expect(changelog.indexOf('## 0.2.0')).toBeLessThan(changelog.indexOf('## 0.1.1'))
    expect(changelog.startsWith('# Changelog\n')).toBe(true)
  })

  it('refuses a --next-version below what the changes need, and says when there is nothing to release', async () => {
    const repo = released('0.1.0')
    expect((await run('release', '--catalog', repo.catalog)).out).toBe(
      `nothing changed since 0.1.0, v0.1.0 (git ${repo.git('rev-parse', '--short=9', 'v0.1.0').trim()}); nothing to release\n`,
    )
    repo.edit(...REMOVE_FIELD)
    const low = await run('release', '--catalog', repo.catalog, '--next-version', '0.1.5')
    expect(low.code).toBe(2)
    expect(low.err).toBe(
      'evcat: --next-version 0.1.5 is too low: the changes since 0.1.0 are breaking, which needs 0.2.0 or more\n',
    )
    expect((await run('release', '--catalog', repo.catalog, '--next-version', '1.0.0')).code).toBe(0)
    expect(repo.read('catalog/catalog.yaml')).toContain('version: 1.0.0\n')
  })

  it('needs a release tag or --against', async () => {
    const repo = tempRepo('test/fixtures/mini', 'evcat-release-')
    repos.push(repo)
    const r = await run('release', '--catalog', repo.catalog)
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      `evcat: no release tag (vX.Y.Z) is reachable from HEAD in ${repo.dir}; pass --against REF, or tag the last release (git tag v0.1.0 COMMIT)\n`,
    )
  })
})

describe('the release version rule of generate --check', () => {
  it('fails an unbumped breaking change, passes once released, and has nothing to check without a tag', async () => {
    const repo = released('1.2.3')
    expect(await checkReleaseVersion(repo.catalog)).toEqual({})
    repo.edit(...ADD_EVENT)
    expect(await checkReleaseVersion(repo.catalog)).toEqual({})
    repo.edit(...REMOVE_FIELD)
    expect((await checkReleaseVersion(repo.catalog)).problem).toBe(
      'the catalog changed in a breaking way since v1.2.3 (1 breaking change(s), e.g. shop placed /data/total/currency field-removed) but its version is 1.2.3, not 2.0.0 or more; run "evcat release" (or "evcat diff --against v1.2.3" to see them)',
    )
    expect((await run('release', '--catalog', repo.catalog)).code).toBe(0)
    expect(await checkReleaseVersion(repo.catalog)).toEqual({})
    repo.git('tag', '-d', 'v1.2.3')
    expect(await checkReleaseVersion(repo.catalog)).toEqual({
      skipped: 'no release tag (vX.Y.Z) is reachable from HEAD',
      note: 'the release version was not checked: no release tag (vX.Y.Z) is reachable from HEAD ("git fetch --tags" fetches them)',
    })
  })

  it('makes generate --check exit 1 with the rule, out/ being fresh', async () => {
    const repo = released('1.2.3')
    const out = join(repo.dir, 'out')
    repo.edit(...REMOVE_FIELD)
    expect((await run('generate', '--catalog', repo.catalog, '--out', out)).code).toBe(0)
    const r = await run('generate', '--check', '--catalog', repo.catalog, '--out', out)
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/is fresh \(\d+ files; the manifest records these inputs and every hash matches\)\n/)
    expect(r.out).toContain(`${repo.catalog}/catalog.yaml: the catalog changed in a breaking way since v1.2.3`)
    // A clone without tags: nothing to compare with, and the check says so rather than pass in silence.
    repo.git('tag', '-d', 'v1.2.3')
    const untagged = await run('generate', '--check', '--catalog', repo.catalog, '--out', out)
    expect(untagged.code).toBe(0)
    expect(untagged.err).toBe(
      'note: the release version was not checked: no release tag (vX.Y.Z) is reachable from HEAD ("git fetch --tags" fetches them)\n',
    )
  })
})
