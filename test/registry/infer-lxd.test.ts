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
  edit(
    'lxd/family.yaml',
    '    location:\n      type: string\n      x-shape: location\n      description: The cluster member that generated the event; "none" on a standalone server. Omitted when empty (API extension event_location).\n      x-note: API extension event_location (LXD 3.12) is older than every release this catalog describes, so it carries no version.\n',
    '',
  )
  edit('lxd/family.yaml', ' metadata, may_cancel, err,', ' metadata, err,')
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
    '      required: [old_name]\n      x-evidence: [lxd-main lxd/instance/drivers/driver_lxc.go:3659 lxd/instance/drivers/driver_qemu.go:5886, capture-5-0-2]\n      properties:\n        old_name:\n          x-template: "{instance}/{old:snapshot}"\n          type: string\n          description: The previous full name, <instance>/<snapshot>.\n',
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

// What the restored catalog says differently from the original, beyond prose, examples, sources, notes and evidence
// (restored constraints cite the capture, not the code), each for a reason:
const DIFFERENCES = [
  // A standalone server only ever says "none".
  'docs * /location known-value-added',
  // One value seen in 1 to 5 samples is too little to enforce: the code's enums become hints of what was seen.
  'compatible image-created /metadata/context/type enum-relaxed-to-known',
  'compatible instance-created /metadata/context/type enum-relaxed-to-known',
  'compatible storage-volume-created /metadata/context/type enum-relaxed-to-known',
  'compatible storage-volume-snapshot-created /metadata/context/type enum-relaxed-to-known',
  // A capture of one version cannot date a field: what 5.0.2 always sends comes back unversioned and required,
  // where the catalog has it required only in the versions that send it (and the context optional with it).
  'breaking instance-created /metadata/context field-required',
  'breaking instance-created /metadata/context/storage-pool field-required',
  'compatible instance-created /metadata/context/storage-pool versions-widened',
  'breaking instance-created /metadata/context/type field-required',
  'compatible instance-created /metadata/context/type versions-widened',
  'breaking instance-file-pushed /metadata/context/path field-required',
  'compatible instance-file-pushed /metadata/context/path versions-widened',
  // Nor an event: network-acl-updated (since 4.16) comes back for every version, so requestor.address, absent
  // from 4.16's requestor, is now required in more of the versions that send the event.
  'compatible network-acl-updated  versions-widened',
  'breaking network-acl-updated /metadata/requestor/address field-required-in-versions',
  // Sent from 5.0.3 (metadata.name and project, the instance actions' own base) or 5.11 (location): LXD 5.0.2
  // never sends them, so no 5.0.2 capture can bring them back.
  'breaking instance-created /metadata/context/location field-removed',
  'breaking storage-volume-created /metadata/context/location field-removed',
  ...['instance-created', 'instance-exec', 'instance-file-pushed', 'instance-renamed', 'instance-restored'].flatMap(
    (e) => [`breaking ${e} /metadata/name field-removed`, `breaking ${e} /metadata/project field-removed`],
  ),
  // The one instance-file-pushed record (line 923) has only path; the other fields are the code's (and older
  // versions': file-source, file-destination until 4.23).
  ...['file-destination', 'file-source', 'file-type', 'gid', 'info', 'mode', 'uid', 'write-mode'].map(
    (f) => `breaking instance-file-pushed /metadata/context/${f} field-removed`,
  ),
  // The capture used one storage pool.
  'docs instance-created /metadata/context/storage-pool known-value-added',
]
const PROSE = [
  'description-changed',
  'examples-changed',
  'sources-changed',
  'annotation-changed',
  'evidence-added',
  'evidence-removed',
  'evidence-changed',
]

describe('evcat infer on the real LXD 5.0.2 capture, after removing actions and fields', () => {
  let before: Map<string, string>
  it('restores every removed action in its own file, and the fields, with the differences explained above', async () => {
    expect((await run('lint', '--catalog', catalog)).code).toBe(0)
    before = new Map(readdirSync(join(catalog, 'lxd')).map((f) => [f, readFileSync(join(catalog, 'lxd', f), 'utf8')]))
    const r = await run('infer', '--catalog', catalog, join(root, CAPTURE), '--write')
    expect(r.code, r.err).toBe(0)
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
    expect(changes.map((c) => `${c.severity} ${c.event} ${c.pointer} ${c.rule}`).sort()).toEqual(
      DIFFERENCES.slice().sort(),
    )
  })

  it('keeps every line it did not change: comments, key order and formatting', () => {
    const removed: string[] = []
    for (const [file, old] of before) {
      for (const part of diffLines(old, readFileSync(join(catalog, 'lxd', file), 'utf8')))
        if (part.removed) removed.push(`${file}: ${part.value}`)
    }
    // The only lines rewritten: three flow lists that got a value appended in place (a known value, a required
    // field and the capture as evidence of that required list), and an empty flow map that became a block map to
    // hold the restored field.
    expect(removed.sort()).toEqual([
      'family.yaml:         x-known: [tls, oidc, bearer, cluster, pki, devlxd, ""]\n',
      'family.yaml:       required: [lxd-main shared/api/operation.go:42-109 (no omitempty but requestor), lxd-5.0.2 shared/api/operation.go, capture-5-0-2]\n',
      'family.yaml:     required: [id, class, description, created_at, updated_at, status, status_code, resources, metadata, err, err_code, child_count, location]\n',
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

describe('evcat infer --server lxd@5.0.2 on the real capture: version facts', () => {
  const copy = join(root, 'server')
  beforeAll(() => {
    cpSync('catalog', join(copy, 'catalog'), { recursive: true })
    mkdirSync(join(copy, 'test/fixtures/lxd'), { recursive: true })
    cpSync(CAPTURE, join(copy, CAPTURE))
    const rewrite = (path: string, from: RegExp, to: string) => {
      const file = join(copy, 'catalog', path)
      const text = readFileSync(file, 'utf8')
      if (!from.test(text)) throw new Error(`${path} has no ${String(from)}`)
      writeFileSync(file, text.replace(from, to))
    }
    // Two facts that say 5.0.2 sends less than the capture shows: the envelope's project in every version but 5.0.2, and
    // network-acl-updated (sent since 4.16) from 5.19 on.
    rewrite(
      'lxd/family.yaml',
      /x-versions: ">=4\.0\.9 <4\.16 \|\| >=4\.22"/,
      'x-versions: ">=4.0.9 <4.16 || >=4.22 <5.0.2 || >=5.0.3"',
    )
    // And a field and an event it does not know: the old_name of instance-snapshot-renamed, and project-created.
    rewrite(
      'lxd/lifecycle-instance-snapshot.yaml',
      /      required: \[old_name\]\n      x-evidence: .*\n      properties:\n        old_name:\n(?: {10}.*\n)+/,
      '      properties: {}\n',
    )
    rewrite('lxd/lifecycle-instance-snapshot.yaml', /\n {4}examples:\n(?: {6}.*\n| {8}.*\n)*/g, '\n')
    rewrite('lxd/lifecycle-project.yaml', /  - name: project-created\n(?: {4}.*\n|\n(?= {4}))*/, '')
    rewrite(
      'lxd/lifecycle-network-acl.yaml',
      /(- name: network-acl-updated\n(?: {4}.*\n)*? {4})since: "4\.16"/,
      '$1since: "5.19"',
    )
  })

  it('widens each range by the version alone, cites the capture, and the result lints and has nothing more to say', async () => {
    const cat = join(copy, 'catalog')
    const capture = join(copy, CAPTURE)
    const r = await run('infer', '--catalog', cat, capture, '--server', 'lxd@5.0.2', '--write')
    expect(r.code, r.err).toBe(0)
    expect(r.err).toMatch(
      /\+ lxd network-acl-updated: sent by 5\.0\.2 too \(was since 5\.19\) → .*\n {4}evidence: .*capture-5\.0\.2\.jsonl lines 484, 488, 492, 496 \(4 records\); server 5\.0\.2\n/,
    )
    expect(readFileSync(join(cat, 'lxd/family.yaml'), 'utf8')).toContain(
      'x-versions: ">=4.0.9 <4.16 || >=4.22 <5.0.2 || >=5.0.3 || 5.0.2"',
    )
    expect(readFileSync(join(cat, 'lxd/lifecycle-network-acl.yaml'), 'utf8')).toContain('versions: ">=5.19 || 5.0.2"')
    // What only 5.0.2's capture shows is said of 5.0.2 alone.
    const snapshot = readFileSync(join(cat, 'lxd/lifecycle-instance-snapshot.yaml'), 'utf8')
    expect(snapshot).toMatch(/ {8}old_name:\n {10}type: string\n {10}x-versions: 5\.0\.2\n/)
    expect(snapshot).toMatch(/ {6}required: \[old_name\]\n {6}x-evidence: capture-5-0-2 line 1336 \(1 record\)\n/)
    expect(readFileSync(join(cat, 'lxd/lifecycle-project.yaml'), 'utf8')).toMatch(
      /  - name: project-created\n(?: {4}.*\n)*? {4}versions: 5\.0\.2\n/,
    )
    expect((await run('lint', '--catalog', cat)).code).toBe(0)
    const again = await run('infer', '--catalog', cat, capture, '--server', 'lxd@5.0.2')
    expect(again.out).toMatch(/^no drift the catalog could learn from: 2074 records: 2074 valid/)
  }, 120_000)
})
