import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../cli/run.js'

const tmp = mkdtempSync(join(tmpdir(), 'evcat-fresh-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A copy of the golden catalog and its generated output, for one test to damage. */
async function fresh(name: string): Promise<{ catalog: string; out: string }> {
  const catalog = join(tmp, name, 'catalog')
  const out = join(tmp, name, 'out')
  cpSync('test/golden/features/catalog', catalog, { recursive: true })
  expect((await run('generate', '--catalog', catalog, '--out', out)).code).toBe(0)
  return { catalog, out }
}
const check = (c: { catalog: string; out: string }) =>
  run('generate', '--check', '--catalog', c.catalog, '--out', c.out)

describe('evcat generate --check', () => {
  it('exits 0 and writes nothing when out/ is fresh', async () => {
    const c = await fresh('ok')
    const before = readFileSync(join(c.out, '.evcat-manifest.json'), 'utf8')
    const r = await check(c)
    expect(r.code).toBe(0)
    // The manifest records these inputs and every hash matches: fresh without generating again.
    expect(r.out).toMatch(/is fresh \(\d+ files; the manifest records these inputs and every hash matches\)\n$/)
    expect(readFileSync(join(c.out, '.evcat-manifest.json'), 'utf8')).toBe(before)
    const full = await run('generate', '--check', '--full', '--catalog', c.catalog, '--out', c.out)
    expect(full.code).toBe(0)
    expect(full.out).toMatch(/is fresh \(\d+ files\)\n$/)
  })

  it('does not trust the manifest for a generated file edited by hand', async () => {
    const c = await fresh('hand-edit')
    const file = join(c.out, 'docs/zoo.md')
    writeFileSync(file, readFileSync(file, 'utf8') + 'edited\n')
    const r = await check(c)
    expect(r.code).toBe(1)
    expect(r.out).toBe(`${c.out}/docs/zoo.md: stale\n1 file(s) differ; run "evcat generate"\n`)
  })

  it('generates again when an input changed; the manifest, which records the inputs, is then the one stale file', async () => {
    const c = await fresh('comment')
    writeFileSync(join(c.catalog, 'catalog.yaml'), readFileSync(join(c.catalog, 'catalog.yaml'), 'utf8') + '# a note\n')
    const r = await check(c)
    expect(r.code).toBe(1)
    // The manifest records the inputs' fingerprint and the sources' hashes, so it is the one stale file.
    expect(r.out).toBe(`${c.out}/.evcat-manifest.json: stale\n1 file(s) differ; run "evcat generate"\n`)
  })

  it('stays fresh when a file no generator reads changes beside the catalog (its README, acknowledged changes)', async () => {
    const c = await fresh('readme')
    writeFileSync(join(c.catalog, 'README.md'), '# Notes on this catalog\n')
    writeFileSync(join(c.catalog, 'accepted-changes.yaml'), 'accepted: []\n')
    const r = await check(c)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/is fresh \(\d+ files; the manifest records these inputs and every hash matches\)\n$/)
  })

  it('names the affected files when a catalog file changes', async () => {
    const c = await fresh('edit')
    const file = join(c.catalog, 'zoo/log.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('A log line.', 'A log line, edited.'))
    const r = await check(c)
    expect(r.code).toBe(1)
    expect(r.out).toContain(`${c.out}/types/zoo.gen.ts: stale\n`)
    expect(r.out).toContain(`${c.out}/.evcat-manifest.json: stale\n`)
  })

  it('reports a deleted generated file as missing, and a stray file as orphaned', async () => {
    const c = await fresh('damage')
    unlinkSync(join(c.out, 'types/index.ts'))
    writeFileSync(join(c.out, 'types/stray.ts'), 'export {}\n')
    const r = await check(c)
    expect(r.code).toBe(1)
    expect(r.out).toContain(`${c.out}/types/index.ts: missing\n`)
    expect(r.out).toContain(`${c.out}/types/stray.ts: orphaned\n`)
  })
})

// What used to be here, a generator throwing before writeOutput ran, never reached the swap; the swap is
// tested step by step, killed and interrupted, in swap.test.ts.
