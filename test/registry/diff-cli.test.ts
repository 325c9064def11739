import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { run } from '../cli/run.js'
import { tempRepo, type TempRepo } from './git-repo.js'

// The mini catalog (version 1.2.3) in a throwaway repository tagged v1.2.3; each test changes a copy.
const ADD_EVENT = [
  'catalog/shop/order.yaml',
  '  - name: cancelled\n',
  '  - name: refunded\n    summary: An order was refunded.\n    sources: [code]\n  - name: cancelled\n',
] as const
const REMOVE_FIELD = ['catalog/shop/family.yaml', '      currency: { type: string, x-since: "2.0" }\n', ''] as const
const ACCEPT = `# Intended changes.
accepted:
  - rule: field-removed
    event: placed
    pointer: /data/total/currency
    reason: the shop stopped sending currency
`

let repo: TempRepo
const repos: TempRepo[] = []
beforeEach(() => {
  repo = tempRepo('test/fixtures/mini', 'evcat-diff-')
  repo.git('tag', 'v1.2.3')
  repos.push(repo)
})
afterAll(() => repos.forEach((r) => r.remove()))

const diff = (...args: string[]) => run('diff', '--catalog', repo.catalog, ...args)

describe('evcat diff --against a git revision', () => {
  it('reports nothing and exits 0 when the catalog did not change', async () => {
    const r = await diff('--against', 'v1.2.3')
    expect(r.code).toBe(0)
    expect(r.out).toContain('no changes against v1.2.3 (git ')
  })

  it('passes an additive change (exit 0) unless --fail-on compatible', async () => {
    repo.edit(...ADD_EVENT)
    const r = await diff('--against', 'v1.2.3')
    expect(r.code).toBe(0)
    expect(r.out).toContain(
      'compatible   refunded: event added (ShopRefundedEvent) [event-added; types exhaustive, validation relax]',
    )
    expect((await diff('--against', 'v1.2.3', '--fail-on', 'compatible')).code).toBe(1)
  })

  it('fails a breaking change with exit 1, in the documented JSON form', async () => {
    repo.edit(...REMOVE_FIELD)
    const r = await diff('--against', 'v1.2.3', '--format', 'json')
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.out) as { summary: unknown; changes: unknown[]; stale: unknown[] }
    expect(doc.summary).toEqual({ breaking: 1, compatible: 0, docs: 0 })
    expect(doc.changes).toEqual([
      {
        family: 'shop',
        event: 'placed',
        pointer: '/data/total/currency',
        rule: 'field-removed',
        severity: 'breaking',
        message: 'field "currency" removed (was optional string)',
        types: 'break',
        validation: 'drift',
      },
    ])
    expect(doc.stale).toEqual([])
  })

  it('reads the revision from git without touching the work tree or the index', async () => {
    repo.edit(...REMOVE_FIELD)
    const before = repo.git('status', '--porcelain')
    await diff('--against', 'HEAD')
    expect(repo.git('status', '--porcelain')).toBe(before)
  })

  it('shows acknowledged changes without failing, and reports entries that match nothing as stale', async () => {
    repo.edit(...REMOVE_FIELD)
    repo.write(
      'catalog/accepted-changes.yaml',
      ACCEPT + '  - rule: event-removed\n    pointer: ""\n    reason: never happened\n',
    )
    const r = await diff('--against', 'v1.2.3')
    expect(r.code).toBe(0)
    expect(r.out).toContain(
      'acknowledged placed /data/total/currency: field "currency" removed (was optional string) [field-removed; types break, validation drift] — acknowledged: the shop stopped sending currency',
    )
    expect(r.out).toContain(`${repo.catalog}/accepted-changes.yaml:7: event-removed`)
    expect(r.out).toContain('0 compatible, 0 docs (1 acknowledged); 1 stale acknowledged change(s)')
    // The file sits in the catalog folder without upsetting lint.
    expect((await run('lint', '--catalog', repo.catalog)).code).toBe(0)
  })

  it('names a malformed acknowledged-changes file by line, exit 1', async () => {
    repo.write('catalog/accepted-changes.yaml', 'accepted:\n  - rule: field-gone\n    pointer: /x\n    reason: r\n')
    const r = await diff('--against', 'v1.2.3')
    expect(r.code).toBe(1)
    expect(r.err).toBe(
      `evcat: ${repo.catalog}/accepted-changes.yaml:2:5: unknown rule "field-gone"; out/docs/compatibility.md lists the rules\n`,
    )
  })

  it('prints every format', async () => {
    repo.edit(...REMOVE_FIELD)
    repo.edit(...ADD_EVENT)
    const md = await diff('--against', 'v1.2.3', '--format', 'markdown')
    expect(md.out).toContain('| severity | event | pointer | change | rule | types | validation |')
    expect(md.out).toContain(
      '| breaking | placed | `/data/total/currency` | field "currency" removed (was optional string) | `field-removed` | break | drift |',
    )
    const gh = await diff('--against', 'v1.2.3', '--format', 'github')
    expect(gh.code).toBe(1)
    expect(gh.out).toContain(
      `::error file=${repo.catalog}/shop/order.yaml,line=3,title=evcat diff%3A breaking field-removed::shop placed /data/total/currency: field "currency" removed (was optional string)\n`,
    )
    expect(gh.out).toContain('::warning file=')
    expect(gh.out).toMatch(
      /::notice title=evcat diff::against v1\.2\.3 \(git [0-9a-f]+\): 1 breaking, 1 compatible, 0 docs\n$/,
    )
  })
})

describe('evcat diff --against other kinds of REF', () => {
  it('compares with a catalog folder, and with a generated package folder and its tarball', async () => {
    const old = mkdtempSync(join(tmpdir(), 'evcat-old-'))
    try {
      expect((await run('generate', '--catalog', repo.catalog, '--out', join(old, 'out'))).code).toBe(0)
      repo.edit(...REMOVE_FIELD)
      const tgz = execFileSync('npm', ['pack', '--json', '--pack-destination', old], {
        cwd: join(old, 'out/package'),
        encoding: 'utf8',
      })
      const tarball = join(old, (JSON.parse(tgz) as { filename: string }[])[0]!.filename)
      for (const against of [join(old, 'out/package'), tarball, join(repo.dir, 'nothing-here/..', 'catalog')]) {
        const r = await diff('--against', against, '--format', 'json')
        const rules = (JSON.parse(r.out) as { changes: { rule: string }[] }).changes.map((c) => c.rule)
        // The catalog folder is the changed one itself: no change. The package was generated before the change.
        expect(rules).toEqual(against.endsWith('catalog') ? [] : ['field-removed'])
      }
    } finally {
      rmSync(old, { recursive: true, force: true })
    }
  })
})

describe('evcat diff: bad input gets one line naming the thing and what to do', () => {
  it('an unknown git revision: exit 2', async () => {
    const r = await diff('--against', 'v9.9.9')
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      `evcat: --against v9.9.9: not a revision of the git repository ${repo.dir} (and no such folder); "git tag" and "git branch -a" list what there is, "git fetch --tags" fetches release tags\n`,
    )
  })

  it('a missing folder: exit 2', async () => {
    const r = await diff('--against', './no/such/catalog/')
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'evcat: --against ./no/such/catalog/: no such folder; pass a catalog folder, a git revision (main, v0.1.0, HEAD~3) or a package version (@evcat/events@0.1.0)\n',
    )
  })

  it('a catalog that fails lint, on either side: exit 1, naming the side', async () => {
    repo.edit('catalog/shop/ping.yaml', 'summary: A keep-alive.', 'sumary: A keep-alive.')
    const now = await diff('--against', 'v1.2.3')
    expect(now.code).toBe(1)
    expect(now.err).toMatch(
      new RegExp(
        `^evcat: the catalog in ${repo.catalog} fails lint \\(\\d+ error\\(s\\), first: shop/ping\\.yaml:.*; run "evcat lint" on it\\n$`,
      ),
    )
    const broken = repo.commit('broken')
    repo.git('revert', '--no-edit', 'HEAD')
    const then = await diff('--against', broken)
    expect(then.code).toBe(1)
    expect(then.err).toMatch(
      new RegExp(`^evcat: the catalog at ${broken} \\(catalog/ of git commit ${broken.slice(0, 9)}\\) fails lint`),
    )
  })

  it('an unknown format or --fail-on: exit 2', async () => {
    expect((await diff('--against', 'v1.2.3', '--format', 'xml')).code).toBe(2)
    expect((await diff('--against', 'v1.2.3', '--fail-on', 'all')).code).toBe(2)
  })
})
