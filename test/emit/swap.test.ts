import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { inputsFingerprint } from '../../src/emit/fingerprint.js'
import { recoverOutput, type SwapStep } from '../../src/emit/swap.js'
import { finalize, writeOutput, type FinalFile } from '../../src/emit/write.js'
import { generate } from '../../src/generate.js'
import { buildModel } from '../../src/model/build.js'
import { defaultGenerators } from '../../generators/index.js'
import { run } from '../cli/run.js'
import { PausedWriter, siblings, snapshot } from './tree.js'

// Each case spawns evcat generate, which loads TypeScript: give a busy machine time.
const SPAWN_TIMEOUT = 180_000
const tmp = mkdtempSync(join(tmpdir(), 'evcat-swap-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

// Two catalogs that generate different trees: `old` is what out/ holds, `next` is what a run writes.
const oldCatalog = join(tmp, 'catalog-old')
const nextCatalog = join(tmp, 'catalog-next')
const oldOut = join(tmp, 'out-old')
let oldTree: Record<string, string>
let nextTree: Record<string, string>
let nextFiles: FinalFile[]

beforeAll(async () => {
  cpSync('test/golden/features/catalog', oldCatalog, { recursive: true })
  cpSync('test/golden/features/catalog', nextCatalog, { recursive: true })
  const log = join(nextCatalog, 'zoo/log.yaml')
  writeFileSync(log, readFileSync(log, 'utf8').replace('A log line.', 'A log line, in the next version.'))
  expect((await run('generate', '--catalog', oldCatalog, '--out', oldOut)).code).toBe(0)
  const nextOut = join(tmp, 'out-next')
  expect((await run('generate', '--catalog', nextCatalog, '--out', nextOut)).code).toBe(0)
  oldTree = snapshot(oldOut)!
  nextTree = snapshot(nextOut)!
  expect(nextTree).not.toEqual(oldTree)
  const model = buildModel(validateCatalog(await loadCatalog(nextCatalog)))
  nextFiles = finalize(model, await generate(model, defaultGenerators), {
    inputs: await inputsFingerprint(nextCatalog),
  })
})

/** A copy of the old output, in a folder of its own, for one case to replace. */
function caseOut(name: string): string {
  const dir = join(tmp, name)
  mkdirSync(dir)
  cpSync(oldOut, join(dir, 'out'), { recursive: true })
  return join(dir, 'out')
}

const STEPS: SwapStep[] = ['staging', 'staged', 'set-aside', 'placed', 'done']
// What out/ is after a writer stopped at each step, once things are put back.
const AFTER: Record<SwapStep, 'old' | 'new'> = {
  staging: 'old',
  staged: 'old',
  'set-aside': 'old',
  placed: 'new',
  done: 'new',
}
const tree = (which: 'old' | 'new'): Record<string, string> => (which === 'old' ? oldTree : nextTree)

describe('a writer that fails at a step of the swap (in process)', () => {
  it.each(STEPS.map((s) => [s, AFTER[s]]))(
    'at %s: leaves the whole %s tree and nothing beside it',
    async (at, after) => {
      const out = caseOut(`throw-${at}`)
      const onStep = (step: SwapStep): void => {
        if (step === at) throw new Error(`stop at ${step}`)
      }
      await expect(writeOutput(out, nextFiles, { onStep })).rejects.toThrow(`stop at ${at}`)
      expect(snapshot(out)).toEqual(tree(after))
      expect(siblings(out)).toEqual([])
    },
  )

  it('a file that cannot be written midway leaves out/ as it was', async () => {
    const out = caseOut('write-fails')
    // `zz` is written as a file, so `zz/child.txt`, after it in path order, cannot be.
    const files = [...nextFiles, { path: 'zz', text: 'x', sha256: '', sources: [] }]
    files.push({ path: 'zz/child.txt', text: 'y', sha256: '', sources: [] })
    await expect(writeOutput(out, files)).rejects.toThrow(/ENOTDIR|EEXIST/)
    expect(snapshot(out)).toEqual(oldTree)
    expect(siblings(out)).toEqual([])
  })

  it('a write that fails while others are in flight: out/ as it was, and nothing beside it, then or later', async () => {
    const out = caseOut('write-fails-in-flight')
    // Writes overlap: 300 files of 64 KB are still being written when the one that cannot be fails.
    const many = Array.from({ length: 300 }, (_, i) => ({
      path: `many/${String(i).padStart(3, '0')}.txt`,
      text: 'x'.repeat(65_536),
      sha256: '',
      sources: [],
    }))
    const files = [
      ...many,
      { path: 'zz', text: 'x', sha256: '', sources: [] },
      { path: 'zz/child.txt', text: 'y', sha256: '', sources: [] },
      ...many.map((f) => ({ ...f, path: `more/${f.path}` })),
    ]
    await expect(writeOutput(out, files)).rejects.toThrow(/ENOTDIR|EEXIST|EISDIR/)
    expect(siblings(out)).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(siblings(out)).toEqual([])
    expect(snapshot(out)).toEqual(oldTree)
  })

  it('writes every file of a large output whole, however many are in flight', async () => {
    const out = caseOut('many-files')
    const files = Array.from({ length: 500 }, (_, i) => ({
      path: `d${i % 7}/f${i}.txt`,
      text: `${i}\n`.repeat(1 + (i % 5) * 5000),
      sha256: '',
      sources: [],
    }))
    await writeOutput(out, files)
    expect(snapshot(out)).toEqual(Object.fromEntries(files.map((f) => [f.path, f.text])))
    expect(siblings(out)).toEqual([])
  })
})

describe('a writer killed with SIGKILL at each step of the swap', { timeout: SPAWN_TIMEOUT }, () => {
  it.each(STEPS)('at %s: out/ is one whole tree, or recoverable; the next run cleans up', async (at) => {
    const out = caseOut(`kill-${at}`)
    const writer = new PausedWriter(['--catalog', nextCatalog, '--out', out])
    await writer.pauseAt(at)
    const end = await writer.kill('SIGKILL')
    expect(end.signal).toBe('SIGKILL')
    const left = siblings(out)
    if (at === 'set-aside') {
      // Between the two renames: no out/, and the old tree whole beside it, set aside.
      expect(snapshot(out)).toBeUndefined()
      const aside = left.filter((n) => n.includes('.evcat-old-'))
      expect(aside).toHaveLength(1)
      expect(snapshot(join(tmp, `kill-${at}`, aside[0]!))).toEqual(oldTree)
    } else {
      expect(snapshot(out)).toEqual(tree(AFTER[at]))
    }
    expect(left.length > 0).toBe(at !== 'done')
    // --check names what the killed run left behind.
    const checked = await run('generate', '--check', '--catalog', nextCatalog, '--out', out)
    for (const name of left) expect(checked.out).toContain(`${name}: left by an interrupted "evcat generate"`)
    if (left.length > 0) expect(checked.code).toBe(1)
    // Recovery puts the tree back as it was before the run, and removes the rest.
    const recovery = await recoverOutput(out)
    expect(recovery.removed.length + (recovery.restored === undefined ? 0 : 1)).toBe(left.length)
    expect(snapshot(out)).toEqual(tree(AFTER[at]))
    expect(siblings(out)).toEqual([])
  })

  it('the next evcat generate puts the set-aside tree back, then writes the new one', async () => {
    const out = caseOut('kill-then-run')
    const writer = new PausedWriter(['--catalog', nextCatalog, '--out', out])
    await writer.pauseAt('set-aside')
    await writer.kill('SIGKILL')
    const next = await run('generate', '--catalog', nextCatalog, '--out', out)
    expect(next.code).toBe(0)
    expect(next.err).toMatch(
      /^evcat: put back .*out from .*out\.evcat-old-\d+-[0-9a-f]{8}, set aside by an interrupted run\n/,
    )
    expect(next.err).toMatch(/evcat: removed .*out\.evcat-new-\d+-[0-9a-f]{8}, left by an interrupted run\n$/)
    expect(snapshot(out)).toEqual(nextTree)
    expect(siblings(out)).toEqual([])
  })
})

describe('a writer stopped by SIGTERM or SIGINT cleans up before it exits', { timeout: SPAWN_TIMEOUT }, () => {
  it.each(STEPS.filter((s) => s !== 'done'))(
    'SIGTERM at %s: one whole tree, nothing beside it, exit 143',
    async (at) => {
      const out = caseOut(`term-${at}`)
      const writer = new PausedWriter(['--catalog', nextCatalog, '--out', out])
      await writer.pauseAt(at)
      const end = await writer.kill('SIGTERM')
      expect(end.code).toBe(143)
      expect(end.stderr).toContain('evcat: stopped by SIGTERM; nothing was left half-written\n')
      expect(snapshot(out)).toEqual(tree(AFTER[at]))
      expect(siblings(out)).toEqual([])
    },
  )

  it('SIGINT between the two renames puts the old tree back, exit 130', async () => {
    const out = caseOut('int-set-aside')
    const writer = new PausedWriter(['--catalog', nextCatalog, '--out', out])
    await writer.pauseAt('set-aside')
    const end = await writer.kill('SIGINT')
    expect(end.code).toBe(130)
    expect(snapshot(out)).toEqual(oldTree)
    expect(siblings(out)).toEqual([])
  })
})
