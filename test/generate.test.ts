import { describe, expect, it } from 'vitest'
import type { GeneratedFile, Generator } from '../src/emit/generated-file.js'
import { generate, generateStream } from '../src/generate.js'
import type { CatalogModel } from '../src/model/types.js'
import { defaultGenerators } from '../generators/index.js'

const model = {} as CatalogModel
const file = (path: string): GeneratedFile => ({ path, contents: path, language: 'text', sources: [] })

/** A generator that writes `paths` and records the paths of the earlier files it was given. */
function recorder(name: string, paths: string[], reads?: string[]): Generator<never> & { saw: string[][] } {
  const saw: string[][] = []
  return {
    name,
    defaults: undefined as never,
    ...(reads === undefined ? {} : { reads: () => reads }),
    saw,
    async generate(_model, _options, earlier) {
      saw.push(earlier.map((f) => f.path))
      return paths.map(file)
    },
  }
}

async function collect(source: AsyncIterable<GeneratedFile>): Promise<string[]> {
  const out: string[] = []
  for await (const f of source) out.push(f.path)
  return out
}

describe('generateStream', () => {
  it('yields what generate returns, in the same order', async () => {
    const gens = () => [recorder('a', ['a/1', 'a/2'], []), recorder('b', ['b/1'], [])]
    const all = (await generate(model, gens())).map((f) => f.path)
    expect(await collect(generateStream(model, gens()))).toEqual(all)
    expect(all).toEqual(['a/1', 'a/2', 'b/1'])
  })

  it('gives a generator only the earlier files that it, or a generator after it, reads', async () => {
    const a = recorder('a', ['types/x.ts', 'docs/x.md', 'docs/rules.md'], [])
    const b = recorder('b', ['site/index.html'], ['docs/rules.md'])
    const c = recorder('c', ['package/index.js'], ['types/'])
    await collect(generateStream(model, [a, b, c]))
    // b reads docs/rules.md; types/x.ts is kept for c, which runs after it; docs/x.md is read by nobody.
    expect(b.saw).toEqual([['types/x.ts', 'docs/rules.md']])
    expect(c.saw).toEqual([['types/x.ts']])
  })

  it('gives every earlier file to a generator that does not say what it reads', async () => {
    const a = recorder('a', ['types/x.ts', 'docs/x.md'], [])
    const b = recorder('b', ['site/index.html'], [])
    const custom = recorder('custom', ['custom/out.txt'])
    await collect(generateStream(model, [a, b, custom]))
    expect(custom.saw).toEqual([['types/x.ts', 'docs/x.md', 'site/index.html']])
  })

  it('every default generator says what it reads, so a streamed run keeps only those files', () => {
    expect(defaultGenerators.filter((g) => g.reads === undefined).map((g) => g.name)).toEqual([])
  })
})
