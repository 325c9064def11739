import { describe, expect, it } from 'vitest'
import { buildFixtures, FixtureError } from '../../generators/fixtures/build.js'
import { goTimestamp } from '../../src/mock/go-json.js'
import { hash32, Rng } from '../../src/prng.js'
import { stringFromPattern, UnsupportedPattern } from '../../generators/fixtures/strings.js'
import { validateCatalog } from '../../src/catalog/check.js'
import { catalogFromTexts } from '../../src/catalog/load.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel } from '../../src/model/types.js'
import { readCatalogTexts } from '../helpers.js'

const GOLDEN = 'test/golden/features/catalog'

function goldenWithEvent(yaml: string): CatalogModel {
  const texts = readCatalogTexts(GOLDEN)
  return buildModel(
    validateCatalog(
      catalogFromTexts(GOLDEN, { ...texts, 'zoo/animal.yaml': texts['zoo/animal.yaml']!.replace(/\n?$/, '\n') + yaml }),
    ),
  )
}

describe('seeded values', () => {
  it('are the same for the same key and differ between keys', () => {
    const a = new Rng('lxd/instance-created/full')
    const b = new Rng('lxd/instance-created/full')
    const seq = (r: Rng) => Array.from({ length: 5 }, () => r.next())
    expect(seq(a)).toEqual(seq(b))
    expect(seq(new Rng('lxd/instance-created/minimal'))).not.toEqual(seq(new Rng('lxd/instance-created/full')))
    expect(hash32('a')).not.toBe(hash32('b'))
  })

  it('write Go RFC3339Nano timestamps in UTC', () => {
    const at = Date.UTC(2026, 2, 4, 5, 6, 7)
    expect(goTimestamp(at, 123456789)).toBe('2026-03-04T05:06:07.123456789Z')
    expect(goTimestamp(at, 120000000)).toBe('2026-03-04T05:06:07.12Z')
    expect(goTimestamp(at, 0)).toBe('2026-03-04T05:06:07Z')
  })

  it('make 19-digit ids, uuids and hex', () => {
    const r = new Rng('ids')
    for (let i = 0; i < 100; i++) {
      const id = r.bigint19()
      expect(id.toString()).toMatch(/^[1-8]\d{18}$/)
      expect(id < 2n ** 63n).toBe(true)
      expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(r.hex(64)).toMatch(/^[0-9a-f]{64}$/)
    }
  })
})

describe('strings from patterns', () => {
  // Every pattern the catalog uses.
  const patterns = [
    '^[0-9a-f]{64}$',
    '^([0-9a-f]{64})?$',
    'Z$',
    '^https://[^/]+\\.blob\\.core\\.windows\\.net/',
    "^Application instance couldn't be started because already [a-z ]+ \\([0-9]+\\)$",
    '^Application instance is downloading \\(.*\\)\\.$',
    '^(a|bc)+\\d{2,3}\\w?$',
  ]
  it.each(patterns)('%s', (pattern) => {
    const r = new Rng(pattern)
    for (let i = 0; i < 50; i++) expect(stringFromPattern(pattern, r)).toMatch(new RegExp(pattern, 'u'))
  })

  it('refuses what it cannot build', () => {
    expect(() => stringFromPattern('^(?=a)a$', new Rng('x'))).toThrow(UnsupportedPattern)
    expect(() => stringFromPattern('^\\p{L}+$', new Rng('x'))).toThrow(UnsupportedPattern)
  })
})

describe('generation fails loudly', () => {
  const event = (examples: string) => `
  - name: coded
    summary: Has a code evcat cannot build.
    sources: [code]
    payload:
      type: object
      required: [code]
      x-evidence: code coded.go:3
      properties:
        code: { type: string, pattern: "^(?=K)K-[0-9]+$", x-evidence: code coded.go:4 }
${examples}`

  it('names the event and the field when no value can be built', () => {
    expect(() => buildFixtures(goldenWithEvent(event('')))).toThrow(FixtureError)
    expect(() => buildFixtures(goldenWithEvent(event('')))).toThrow(
      /zoo\/coded minimal: no string for \/meta\/detail\/code matches pattern/,
    )
  })

  it('refuses a value the validator rejects (both branches of a oneOf match every string)', () => {
    const twice = `
  - name: twice
    summary: A oneOf no value can satisfy.
    sources: [code]
    payload:
      type: object
      required: [x]
      x-evidence: code twice.go:3
      properties:
        x: { oneOf: [{ type: string }, { type: string, maxLength: 100 }], x-evidence: code twice.go:4 }
`
    expect(() => buildFixtures(goldenWithEvent(twice))).toThrow(
      /zoo\/twice minimal: no synthesized value validates after 8 seeds; last: \/meta\/detail\/x matches more than one allowed shape \(oneOf\)/,
    )
  })

  it('borrows a matching string from a wire example instead', () => {
    const model = goldenWithEvent(
      event(`    examples:
      - { source: code, wire: true, value: { type: animal, at: "2024-05-06T07:08:09Z", meta: { action: coded, detail: { code: K-42 } } } }`),
    )
    const coded = buildFixtures(model).find((e) => e.event === 'coded')!
    const minimal = coded.valid.find((f) => f.id === 'minimal')!.value as { meta: { detail: { code: string } } }
    expect(minimal.meta.detail.code).toBe('K-42')
    expect(coded.invalid.map((f) => f.rule)).toContain('bad-pattern')
  })
})

describe('fixtures of the golden catalog', () => {
  it('cover a nullable field, a oneOf and a map', () => {
    const all = buildFixtures(goldenWithEvent(''))
    const fed = all.find((e) => e.event === 'fed')!
    expect(fed.valid.map((f) => f.id)).toEqual(['example-0', 'minimal', 'full', 'variant-1', 'variant-2'])
    expect(fed.valid.map((f) => f.note).slice(3)).toEqual([
      'the full form with /meta/detail/keeper/tags as null',
      'the full form with /meta/detail/note as null',
    ])
    const full = fed.valid.find((f) => f.id === 'full')!.value as {
      meta: { detail: { extra: Record<string, string> } }
    }
    expect(Object.keys(full.meta.detail.extra).length).toBeGreaterThanOrEqual(1)
    const escaped = all.find((e) => e.event === 'escaped')!
    // Both branches of the oneOf, one in full and one in a variant.
    const choices = escaped.valid.map((f) =>
      Object.keys(((f.value as { meta: { detail?: { choice?: object } } }).meta.detail?.choice ?? {}) as object).join(),
    )
    expect(choices).toContain('a')
    expect(choices).toContain('b')
    // numbered is the envelope alone; its full form adds the versioned `where`.
    expect(all.find((e) => e.event === 'numbered')!.valid.map((f) => f.id)).toEqual(['minimal', 'full'])
  })
})
