import { beforeAll, describe, expect, it } from 'vitest'
import { buildFixtures } from '../../generators/fixtures/build.js'
import { defaultGenerators } from '../../generators/index.js'
import type { EventFixtures } from '../../generators/fixtures/types.js'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { generate } from '../../src/generate.js'
import { pointerSegments } from '../../src/schema/pointer.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel } from '../../src/model/types.js'

// An invalid fixture is its valid source with one value changed: it shares the rest with that source, which is
// only safe while nothing mutates a fixture once made.

let model: CatalogModel
let fixtures: readonly EventFixtures[]

beforeAll(async () => {
  model = buildModel(validateCatalog(await loadCatalog('catalog')))
  fixtures = buildFixtures(model)
})

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const v of Object.values(value)) deepFreeze(v)
}

describe('invalid fixtures share what they do not change', () => {
  it('a sibling object of the changed path is the very object of the valid fixture it came from', () => {
    let shared = 0
    for (const event of fixtures) {
      for (const bad of event.invalid) {
        const from = /\(from ([^)]+)\)$/.exec(bad.note)?.[1]
        const source = event.valid.find((v) => v.id === from)
        if (source === undefined || typeof bad.value !== 'object' || bad.value === null) continue
        const changed = pointerSegments(bad.pointer)[0]
        for (const [key, v] of Object.entries(source.value as Record<string, unknown>)) {
          if (key === changed || typeof v !== 'object' || v === null) continue
          expect(
            (bad.value as Record<string, unknown>)[key],
            `${event.family}/${event.event} ${bad.id} at ${key}`,
          ).toBe(v)
          shared++
        }
      }
    }
    expect(shared).toBeGreaterThan(100)
  })

  it('no generator mutates a fixture: every generator runs over deep-frozen fixtures', async () => {
    const fresh = buildModel(validateCatalog(await loadCatalog('catalog')))
    for (const event of buildFixtures(fresh)) deepFreeze(event)
    // ES modules run in strict mode, so a write to a frozen object throws.
    const files = await generate(fresh, defaultGenerators)
    expect(files.some((f) => f.path.startsWith('fixtures/'))).toBe(true)
  }, 120_000)
})
