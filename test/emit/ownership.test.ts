import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../cli/run.js'
import { siblings, snapshot } from './tree.js'

const tmp = mkdtempSync(join(tmpdir(), 'evcat-own-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const catalog = join(tmp, 'catalog')
beforeAll(() => cpSync('test/golden/features/catalog', catalog, { recursive: true }))

const gen = (out: string, ...more: string[]) => run('generate', '--catalog', catalog, '--out', out, ...more)

/** What is at a path: a folder's files, a file's text, or undefined. */
const state = (path: string) => (existsSync(path) ? (snapshot(path) ?? readFileSync(path, 'utf8')) : undefined)

/** A one-line refusal with exit 2 that leaves `out` exactly as it was (not read when `look` is false: `/`). */
async function expectRefused(out: string, reason: RegExp, more: string[] = [], look = true): Promise<void> {
  const before = look ? state(out) : undefined
  const r = await gen(out, ...more)
  expect(r.code).toBe(2)
  expect(r.out).toBe('')
  expect(r.err).toMatch(reason)
  expect(r.err.trimEnd().split('\n')).toHaveLength(1)
  if (look) expect(state(out)).toEqual(before)
}

describe('evcat generate --out replaces only what evcat wrote', () => {
  it('refuses a folder that holds files of its own, and keeps them', async () => {
    const out = join(tmp, 'notes')
    mkdirSync(out)
    writeFileSync(join(out, 'notes.txt'), 'mine\n')
    await expectRefused(out, /^evcat: will not replace ".*notes": it is not empty and has no evcat manifest .*--force/)
  })

  it('refuses a regular file, and leaves it a file', async () => {
    const out = join(tmp, 'a-file')
    writeFileSync(out, 'data\n')
    await expectRefused(out, /it is a file, not a folder; choose another --out, or pass --force/)
  })

  it('refuses a symbolic link', async () => {
    const target = join(tmp, 'link-target')
    mkdirSync(target)
    symlinkSync(target, join(tmp, 'link'))
    await expectRefused(join(tmp, 'link'), /it is a symbolic link/)
  })

  it('refuses a folder evcat wrote once a file it did not write is added, naming that file', async () => {
    const out = join(tmp, 'generated')
    expect((await gen(out)).code).toBe(0)
    writeFileSync(join(out, 'types', 'mine.ts'), 'export {}\n')
    writeFileSync(join(out, 'TODO'), 'x\n')
    await expectRefused(out, /it holds TODO and 1 more file that evcat did not write \(not in \.evcat-manifest\.json\)/)
  })

  it('replaces a folder evcat wrote, an empty one and a missing one', async () => {
    const written = join(tmp, 'again')
    expect((await gen(written)).code).toBe(0)
    const r = await gen(written)
    expect(r.code).toBe(0)
    const empty = join(tmp, 'empty')
    mkdirSync(empty)
    expect((await gen(empty)).code).toBe(0)
    expect((await gen(join(tmp, 'missing', 'deeper'))).code).toBe(0)
    expect(snapshot(empty)).toEqual(snapshot(written))
    expect(snapshot(join(tmp, 'missing', 'deeper'))).toEqual(snapshot(written))
    expect(siblings(written)).toEqual([])
  })

  it('replaces anything with --force, except what the next tests protect', async () => {
    const out = join(tmp, 'forced')
    mkdirSync(out)
    writeFileSync(join(out, 'notes.txt'), 'mine\n')
    const r = await gen(out, '--force')
    expect(r.code).toBe(0)
    expect(existsSync(join(out, 'notes.txt'))).toBe(false)
    expect(existsSync(join(out, '.evcat-manifest.json'))).toBe(true)
  })

  it('never replaces the working directory or a folder containing it, even with --force', async () => {
    const exactly = /^evcat: will not replace "\.": it is the working directory; choose another --out\n$/
    await expectRefused('.', exactly, ['--force'], false)
    await expectRefused('..', /it contains the working directory/, ['--force'], false)
    await expectRefused('/', /it contains the working directory/, ['--force'], false)
    expect(existsSync('package.json')).toBe(true)
  })

  it('never replaces a folder that contains the catalog, even with --force', async () => {
    await expectRefused(tmp, new RegExp(`it contains ${catalog.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), ['--force'])
    await expectRefused(catalog, /it contains/, ['--force'])
  })
})
