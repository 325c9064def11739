import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fixturesGenerator } from '../generators/fixtures/index.js'
import { validatorsGenerator } from '../generators/validators/index.js'
import * as evcat from '../src/index.js'

describe('the library entry (src/index.ts)', () => {
  it('runs load, check, model, generate, write and validate for a program', async () => {
    const raw = await evcat.loadCatalog('test/golden/features/catalog')
    const checked = evcat.checkCatalog(raw)
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const model = evcat.buildModel(checked.catalog!)
    const generators = [validatorsGenerator, fixturesGenerator] as evcat.Generator<never>[]
    const out = mkdtempSync(join(tmpdir(), 'evcat-library-'))
    onTestFinished(() => rmSync(out, { recursive: true, force: true }))
    await evcat.writeOutput(out, evcat.finalize(model, await evcat.generate(model, generators)))

    const index = join(out, 'validators', 'index.js')
    const { tables } = (await import(pathToFileURL(index).href)) as { tables: readonly evcat.FamilyTable[] }
    const valid = join(out, 'fixtures', 'zoo', 'valid.jsonl')
    const lines = readFileSync(valid, 'utf8').trimEnd().split('\n').length
    const report = await evcat.validateInputs([valid], tables)
    expect(report.summary).toMatchObject({ total: lines, valid: lines })
    const judged = evcat.createDispatcher(tables)(evcat.parseExact(readFileSync(valid, 'utf8').split('\n')[0]!))
    expect(judged.status).toBe('valid')
  })

  it('is what package.json exports, with types first in every entry', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      exports: Record<string, string | Record<string, string>>
    }
    expect(Object.keys(pkg.exports)).toEqual(['.', './runtime', './schema', './generators', './package.json'])
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' })
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue
      expect(Object.keys(target), subpath).toEqual(['types', 'default'])
      // Each entry is compiled from a source file of the same name.
      const source = target['default']!.replace('./dist/', '').replace(/\.js$/, '.ts')
      expect(() => readFileSync(source), source).not.toThrow()
    }
  })
})
