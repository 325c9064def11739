import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { diffLines } from 'diff'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel } from '../../src/model/types.js'
import { compareSnapshots } from '../../src/registry/diff/compare.js'
import { snapshotOf } from '../../src/registry/snapshot.js'
import { run } from '../cli/run.js'

// Real data: a copy of the catalog without a dozen lifecycle actions and some fields (and without the examples
// that show them), then `evcat infer` on the real LXD 5.0.2 capture, in a folder laid out like the repository.
const CAPTURE = 'test/fixtures/lxd/capture-5.0.2.jsonl'
const REMOVED = [
  'image-alias-created',
  'image-created',
  'instance-created',
  'instance-exec',
  'instance-file-pushed',
  'instance-renamed',
  'instance-restored',
  'network-acl-updated',
  'profile-updated',
  'project-created',
  'storage-volume-created',
  'storage-volume-snapshot-created',
]
const root = mkdtempSync(join(tmpdir(), 'evcat-infer-'))
const catalog = join(root, 'catalog')
afterAll(() => rmSync(root, { recursive: true, force: true }))

function edit(path: string, from: string, to: string): void {
  const text = readFileSync(join(catalog, path), 'utf8')
  if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`)
  writeFileSync(join(catalog, path), text.replace(from, to))
}

/** The catalog copy with REMOVED gone, four fields gone, and no examples in the LXD group files. */
function strip(): void {
  for (const name of readdirSync(join(catalog, 'lxd')).filter((f) => f !== 'family.yaml')) {
    const path = join(catalog, 'lxd', name)
    const events = readFileSync(path, 'utf8').split(/^(?=  - name: )/m)
    const kept = events.filter((e) => !REMOVED.some((r) => e.startsWith(`  - name: ${r}\n`)))
    // Examples that show a removed field would fail lint: drop every example block.
    writeFileSync(path, kept.join('').replace(/^ {4}examples:\n(?: {6}.*\n| {8}.*\n)*/gm, ''))
  }
  const location =
    '    location:\n      type: string\n      x-since: "3.12"\n      description: The cluster member that generated the event; "none" on a standalone server. Omitted when empty (API extension event_location).\n'
  edit('lxd/family.yaml', location, '')
  edit('lxd/family.yaml', ' metadata, may_cancel, err]', ' metadata, err]')
  edit(
    'lxd/family.yaml',
    '      may_cancel:\n        type: boolean\n        description: Whether the operation can be cancelled (up to 6.6 only cancellable ones; 6.7 to 6.9 always true).\n',
    '',
  )
  edit(
    'lxd/family.yaml',
    'x-known: [unix, tls, oidc, bearer, cluster, pki, devlxd, ""]',
    'x-known: [tls, oidc, bearer, cluster, pki, devlxd, ""]',
  )
  edit(
    'lxd/lifecycle-instance-snapshot.yaml',
    '      required: [old_name]\n      properties:\n        old_name:\n          type: string\n          description: The previous full name, <instance>/<snapshot>.\n',
    '      properties: {}\n',
  )
}

let original: CatalogModel
beforeAll(async () => {
  cpSync('catalog', catalog, { recursive: true })
  mkdirSync(join(root, 'test/fixtures/lxd'), { recursive: true })
  cpSync(CAPTURE, join(root, CAPTURE))
  original = buildModel(validateCatalog(await loadCatalog('catalog')))
  strip()
}, 120_000)

// What the restored catalog says differently from the original, beyond prose, examples and sources; each for a reason:
const DIFFERENCES = [
  // A capture of one version cannot date a field; a standalone server only ever says "none".
  'compatible * /location versions-widened',
  'docs * /location known-value-added',
  // One value seen in 2 to 5 samples is too little to enforce: the code's enums become hints of what was seen.
  'compatible image-created /metadata/context/type enum-relaxed-to-known',
  'compatible instance-created /metadata/context/type enum-relaxed-to-known',
  'compatible storage-volume-created /metadata/context/type enum-relaxed-to-known',
  'compatible storage-volume-snapshot-created /metadata/context/type enum-relaxed-to-known',
  // Sent since 5.11: LXD 5.0.2 never sends it, so no 5.0.2 capture can bring it back.
  'breaking instance-created /metadata/context/location field-removed',
  'breaking storage-volume-created /metadata/context/location field-removed',
  // The capture used one storage pool.
  'docs instance-created /metadata/context/storage-pool known-value-added',
]
const PROSE = ['description-changed', 'examples-changed', 'sources-changed']

describe('evcat infer on the real LXD 5.0.2 capture, after removing actions and fields', () => {
  let before: Map<string, string>
  it('restores every removed action in its own file, and the fields, with the differences explained above', async () => {
    expect((await run('lint', '--catalog', catalog)).code).toBe(0)
    before = new Map(readdirSync(join(catalog, 'lxd')).map((f) => [f, readFileSync(join(catalog, 'lxd', f), 'utf8')]))
    const r = await run('infer', '--catalog', catalog, join(root, CAPTURE), '--write')
    expect(r.code).toBe(0)
    expect(r.err).toContain(
      '2074 records: 0 valid, 2074 drift, 0 invalid (not proposed: fix by hand), 0 unreadable (skipped)',
    )
    expect(r.err).toMatch(
      /\+ lxd lifecycle\/instance-created: new event with its payload inferred from 5 samples → .*lifecycle-instance\.yaml\n {4}evidence: .*capture-5\.0\.2\.jsonl lines 737, 795, 1447, 1614, 1806 \(5 records\); server LXD 5\.0\.2 \(Debian package\)\n/,
    )
    const restored = buildModel(validateCatalog(await loadCatalog(catalog)))
    const [was, now] = [original, restored].map((m) => m.families.find((f) => f.id === 'lxd')!)
    for (const name of REMOVED)
      expect(now!.events.find((e) => e.name === name)?.source.file, name).toBe(
        was!.events.find((e) => e.name === name)!.source.file,
      )
    const changes = compareSnapshots(snapshotOf(original), snapshotOf(restored)).filter((c) => !PROSE.includes(c.rule))
    expect(changes.map((c) => `${c.severity} ${c.event} ${c.pointer} ${c.rule}`)).toEqual(
      DIFFERENCES.slice().sort((a, b) => {
        const key = (s: string) => s.split(' ').slice(1, 3).join(' ')
        return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
      }),
    )
  })

  it('keeps every line it did not change: comments, key order and formatting', () => {
    const removed: string[] = []
    for (const [file, old] of before) {
      for (const part of diffLines(old, readFileSync(join(catalog, 'lxd', file), 'utf8')))
        if (part.removed) removed.push(`${file}: ${part.value}`)
    }
    // The only lines rewritten: two flow lists that got a value appended in place, and an empty flow map that
    // became a block map to hold the restored field.
    expect(removed.sort()).toEqual([
      'family.yaml:         x-known: [tls, oidc, bearer, cluster, pki, devlxd, ""]\n',
      'family.yaml:     required: [id, class, description, created_at, updated_at, status, status_code, resources, metadata, err]\n',
      'lifecycle-instance-snapshot.yaml:       properties: {}\n',
    ])
  })

  it('passes lint; evcat validate of the capture then reports no drift; infer again has nothing to say', async () => {
    expect((await run('lint', '--catalog', catalog)).out).toMatch(/^catalog ok: 4 families, 284 events\n$/)
    const out = join(root, 'out')
    expect((await run('generate', '--catalog', catalog, '--out', out)).code).toBe(0)
    const v = await run('validate', '--catalog', catalog, '--out', out, join(root, CAPTURE))
    expect(v.out).toContain('2074 records: 2074 valid, 0 invalid, 0 drift, 0 unreadable')
    const texts = readdirSync(join(catalog, 'lxd')).map((f) => readFileSync(join(catalog, 'lxd', f), 'utf8'))
    const again = await run('infer', '--catalog', catalog, join(root, CAPTURE), '--write')
    expect(again.out).toBe(
      'no drift the catalog could learn from: 2074 records: 2074 valid, 0 drift, 0 invalid (not proposed: fix by hand), 0 unreadable (skipped); nothing changed\n',
    )
    expect(readdirSync(join(catalog, 'lxd')).map((f) => readFileSync(join(catalog, 'lxd', f), 'utf8'))).toEqual(texts)
  }, 120_000)
})
