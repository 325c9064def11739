import { readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/** Every file a module loads, following its static imports (found by TypeScript's own pre-processor). */
function importGraph(entry: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (ref.fileName.startsWith('.')) visit(normalize(join(dirname(file), ref.fileName)))
    }
  }
  visit(entry)
  return [...seen].map((f) => f.replace(/^out\/package\//, '')).sort()
}

describe('each family subpath stands alone', () => {
  it('importing ./batcher loads no other family’s validators', () => {
    expect(importGraph('out/package/batcher/index.js')).toEqual([
      'batcher/index.js',
      'batcher/types.gen.js',
      'validators/batcher.gen.js',
      'validators/runtime/ajv-runtime.js',
      'validators/runtime/date-time.js',
      'validators/runtime/dispatch.js',
      'validators/runtime/formats.js',
      'validators/runtime/messages.js',
      'validators/runtime/parse.js',
      'validators/runtime/pointer.js',
      'validators/runtime/server-view.js',
      'validators/runtime/version.js',
    ])
  })

  it.each(['lxd', 'events-hub', 'i3d'])('./%s loads only its own validators', (family) => {
    const graph = importGraph(`out/package/${family}/index.js`)
    expect(graph.filter((f) => f.startsWith('validators/') && f.endsWith('.gen.js'))).toEqual([
      `validators/${family}.gen.js`,
    ])
  })
})

describe('the mock entry', () => {
  it('loads the feed modules and the runtime it needs, and no validators (ajv-free at run time)', () => {
    const graph = importGraph('out/package/mock/index.js')
    expect(graph.filter((f) => f.startsWith('validators/') && !f.startsWith('validators/runtime/'))).toEqual([])
    expect(graph.filter((f) => f.startsWith('validators/runtime/'))).toEqual([
      'validators/runtime/json.js',
      'validators/runtime/parse.js',
      'validators/runtime/pointer.js',
      'validators/runtime/version.js',
    ])
    // evcat's one PRNG, shipped beside mock/ from src/prng.ts.
    expect(graph).toContain('prng.js')
    const text = graph.map((f) => readFileSync(join('out/package', f), 'utf8')).join('\n')
    expect(text).not.toMatch(/from ["']ajv|require\(["']ajv|from ["']node:/)
  })
})
