import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import type { GeneratedFile } from '../../src/emit/generated-file.js'
import { checkOutputStream, writeOutputStream } from '../../src/emit/stream.js'
import { checkOutput, finalize, writeOutput } from '../../src/emit/write.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel } from '../../src/model/types.js'
import { siteFileStream, siteGenerator } from '../../generators/site/index.js'
import { buildFixtures } from '../../generators/fixtures/build.js'
import { siblings, snapshot } from './tree.js'

const tmp = mkdtempSync(join(tmpdir(), 'evcat-stream-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let model: CatalogModel
// The site of the features catalog, made twice: as an array and as a stream (in another order, to show order
// does not matter).
let files: GeneratedFile[]
const streamed = (): Generator<GeneratedFile> =>
  (function* () {
    yield* [...siteFileStream(model, buildFixtures(model), siteGenerator.defaults, [])].reverse()
    yield { path: 'types/a.ts', language: 'ts', sources: ['zoo/log.yaml'], contents: 'export type A = 1\n' }
  })()
let whole: Record<string, string>

beforeAll(async () => {
  model = buildModel(validateCatalog(await loadCatalog('test/golden/features/catalog')))
  files = [...streamed()]
  const out = join(tmp, 'whole', 'out')
  await writeOutput(out, finalize(model, files, { inputs: 'x' }))
  whole = snapshot(out)!
})

function caseOut(name: string): string {
  const out = join(tmp, name, 'out')
  mkdirSync(join(tmp, name))
  cpSync(join(tmp, 'whole', 'out'), out, { recursive: true })
  return out
}

describe('writeOutputStream', () => {
  it("writes the bytes finalize and writeOutput write, manifest included, whatever the files' order", async () => {
    const out = join(tmp, 'streamed', 'out')
    expect(await writeOutputStream(out, model, streamed(), { inputs: 'x' })).toBe(files.length + 1)
    expect(snapshot(out)).toEqual(whole)
    expect(Object.keys(whole)).toContain('.evcat-manifest.json')
    expect(siblings(out)).toEqual([])
  })

  it('a generator that throws midway leaves out/ as it was and no staging folder', async () => {
    const out = caseOut('throws')
    async function* failing(): AsyncGenerator<GeneratedFile> {
      let n = 0
      for (const f of streamed()) {
        if (++n === 5) throw new Error('the generator broke')
        yield { ...f, contents: `${f.contents}changed\n` }
      }
    }
    await expect(writeOutputStream(out, model, failing())).rejects.toThrow('the generator broke')
    expect(snapshot(out)).toEqual(whole)
    expect(siblings(out)).toEqual([])
  })

  it('a path made twice is refused, and nothing is replaced', async () => {
    const out = caseOut('twice')
    const twice = [...files, files[3]!]
    await expect(writeOutputStream(out, model, twice)).rejects.toThrow(`two generators wrote ${files[3]!.path}`)
    expect(snapshot(out)).toEqual(whole)
    expect(siblings(out)).toEqual([])
  })

  it('an abort while staging undoes the staging', async () => {
    const out = caseOut('abort')
    const stop = new AbortController()
    const onStep = (step: string): void => {
      if (step === 'staging') stop.abort(new Error('stopped while staging'))
    }
    await expect(writeOutputStream(out, model, streamed(), { signal: stop.signal, onStep })).rejects.toThrow(
      'stopped while staging',
    )
    expect(snapshot(out)).toEqual(whole)
    expect(siblings(out)).toEqual([])
  })
})

describe('checkOutputStream', () => {
  it('finds what checkOutput finds: nothing on a fresh folder; stale, missing and orphaned files otherwise', async () => {
    const fresh = join(tmp, 'whole', 'out')
    expect(await checkOutputStream(fresh, model, streamed(), { inputs: 'x' })).toEqual({
      stale: [],
      files: files.length + 1,
    })
    const final = finalize(model, files, { inputs: 'x' })
    const changed = files.slice(1).map((f, i) => (i === 0 ? { ...f, contents: 'other\n' } : f))
    const extra = { path: 'site/new.html', language: 'html', sources: [], contents: 'x\n' } as const
    const result = await checkOutputStream(fresh, model, [...changed, extra], { inputs: 'x' })
    expect(result.stale).toEqual(await checkOutput(fresh, finalize(model, [...changed, extra], { inputs: 'x' })))
    expect(result.stale.map((s) => s.reason).sort()).toEqual(['missing', 'orphaned', 'stale', 'stale'])
    expect(final).toHaveLength(files.length + 1)
  })
})
