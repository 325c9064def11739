import { describe, expect, it } from 'vitest'
import { buildFixtures } from '../../generators/fixtures/build.js'
import { eventFileName, fixturesGenerator } from '../../generators/fixtures/index.js'
import { validateCatalog } from '../../src/catalog/check.js'
import { catalogFromTexts, loadCatalog } from '../../src/catalog/load.js'
import { finalize } from '../../src/emit/write.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel } from '../../src/model/types.js'
import { readCatalogTexts } from '../helpers.js'

const GOLDEN = 'test/golden/features/catalog'

async function files(model: CatalogModel): Promise<Map<string, string>> {
  const out = finalize(model, await fixturesGenerator.generate(model, fixturesGenerator.defaults, []))
  return new Map(out.map((f) => [f.path, f.text]))
}

function goldenWith(patch: Record<string, string> = {}): CatalogModel {
  return buildModel(validateCatalog(catalogFromTexts(GOLDEN, { ...readCatalogTexts(GOLDEN), ...patch })))
}

const EXTRA_EVENT = `
  - name: groomed
    summary: An animal was groomed.
    sources: [code]
    payload:
      type: object
      required: [brush]
      x-evidence: code groom.go:3
      properties:
        brush: { type: string, enum: [soft, hard], x-evidence: code groom.go:4 }
        minutes: { type: integer, minimum: 1, maximum: 90, x-evidence: code groom.go:5 }
        at: { type: string, format: date-time, x-evidence: code groom.go:6 }
`

const SHAPES = `shapes:
  when: { summary: A time with milliseconds., format: millis-time }
  pen: { summary: A pen., values: [{ value: north, seen: code pens.go:3, count: 3 }, { value: south, seen: code pens.go:4 }] }
  keeper: { summary: A keeper., values: [{ value: ann }, { value: bob }] }
`

describe('fixtures are deterministic', () => {
  it('two runs over two loads of the real catalog give identical bytes', async () => {
    const a = await files(buildModel(validateCatalog(await loadCatalog('catalog'))))
    const b = await files(buildModel(validateCatalog(await loadCatalog('catalog'))))
    expect([...a.keys()]).toEqual([...b.keys()])
    for (const [path, text] of a) expect(b.get(path), path).toBe(text)
  })

  it('adding an event leaves every other event fixture file byte-identical', async () => {
    const before = await files(goldenWith())
    const animal = readCatalogTexts(GOLDEN)['zoo/animal.yaml']!
    const after = await files(goldenWith({ 'zoo/animal.yaml': animal.replace(/\n?$/, '\n') + EXTRA_EVENT }))
    const added = `fixtures/zoo/events/${eventFileName('groomed')}`
    expect(after.has(added)).toBe(true)
    expect(before.has(added)).toBe(false)
    const eventFiles = [...before.keys()].filter((p) => p.includes('/events/'))
    expect(eventFiles.length).toBe(4)
    for (const path of eventFiles) expect(after.get(path), path).toBe(before.get(path))
    // In the family files, the old events' lines are unchanged too; only the new event's lines are added.
    const lines = (m: Map<string, string>) => new Set(m.get('fixtures/zoo/valid.jsonl')!.split('\n'))
    for (const line of lines(before)) expect(lines(after).has(line)).toBe(true)
  })

  it('adding an event changes no other event, with value shapes, templates and pools in use', async () => {
    const family = readCatalogTexts(GOLDEN)['zoo/family.yaml']!
    const shaped = {
      'zoo/family.yaml': family
        .replace(
          '    at: { type: string, format: date-time, description:',
          '    at: { type: string, format: date-time, x-shape: when, description:',
        )
        .replace('groups:', SHAPES + 'groups:'),
    }
    const animal = readCatalogTexts(GOLDEN)['zoo/animal.yaml']!.replace(
      '        note: { type: [string, "null"] }',
      '        note: { type: [string, "null"], x-template: "/pens/{pen}/keepers/{keeper}" }\n        pen: { type: string, x-shape: pen }',
    )
    const before = await files(goldenWith({ ...shaped, 'zoo/animal.yaml': animal }))
    const after = await files(goldenWith({ ...shaped, 'zoo/animal.yaml': animal.replace(/\n?$/, '\n') + EXTRA_EVENT }))
    const fed = JSON.parse(before.get('fixtures/zoo/events/fed.json')!) as { valid: { id: string; value: unknown }[] }
    const full = fed.valid.find((f) => f.id === 'full')!.value as {
      at: string
      meta: { detail: { note: string; pen: string } }
    }
    // The template and the field bound to the same part agree, and the time is in the shape's layout.
    expect(full.meta.detail.note).toMatch(new RegExp(`^/pens/${full.meta.detail.pen}/keepers/(ann|bob)$`))
    expect(full.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    for (const path of [...before.keys()].filter((p) => p.includes('/events/')))
      expect(after.get(path), path).toBe(before.get(path))
  })

  it('does not mutate the model', () => {
    const model = goldenWith()
    const copy = structuredClone(model.families.map((f) => f.events.map((e) => [e.schema, e.examples])))
    buildFixtures(model)
    expect(model.families.map((f) => f.events.map((e) => [e.schema, e.examples]))).toEqual(copy)
  })
})

describe('the fixtures generator', () => {
  it('writes README, per-family JSONL with indexes, and one JSON per event', async () => {
    const out = await files(goldenWith())
    expect([...out.keys()].sort()).toEqual([
      '.evcat-manifest.json',
      'fixtures/README.md',
      'fixtures/wire-likeness.json',
      'fixtures/wire-likeness.md',
      'fixtures/zoo/events/escaped.json',
      'fixtures/zoo/events/fed.json',
      'fixtures/zoo/events/log.json',
      'fixtures/zoo/events/numbered.json',
      'fixtures/zoo/invalid.index.json',
      'fixtures/zoo/invalid.jsonl',
      'fixtures/zoo/valid.index.json',
      'fixtures/zoo/valid.jsonl',
    ])
    expect(out.get('fixtures/README.md')).toMatch(/^<!-- Code generated by evcat\. DO NOT EDIT\. -->/)
    const invalid = out.get('fixtures/zoo/invalid.jsonl')!.trimEnd().split('\n')
    const index = JSON.parse(out.get('fixtures/zoo/invalid.index.json')!) as {
      line: number
      event: string
      rule: string
      pointer: string
    }[]
    expect(index.length).toBe(invalid.length)
    expect(index.map((e) => e.line)).toEqual(invalid.map((_, i) => i + 1))
    // Each line is a bare message, the index says what it breaks.
    for (const line of invalid) expect(Object.keys(JSON.parse(line) as object)).toContain('type')
    const fed = JSON.parse(out.get('fixtures/zoo/events/fed.json')!) as {
      family: string
      event: string
      valid: { id: string }[]
      invalid: { rule: string }[]
    }
    expect(fed.family).toBe('zoo')
    expect(fed.valid[0]!.id).toBe('example-0')
    expect(fed.invalid.map((f) => f.rule)).toEqual([
      'wrong-type',
      'missing-required',
      'wrong-discriminator',
      'bad-timestamp',
      'outside-enum',
      'out-of-range',
    ])
  })

  it('writes 19-digit integers exactly', async () => {
    const out = await files(goldenWith())
    expect(out.get('fixtures/zoo/valid.jsonl')).toContain('"id":1234567890123456789')
  })

  it('names event files safely', () => {
    expect(eventFileName('stats/System Stats')).toBe('stats-System-Stats.json')
    expect(eventFileName('instance-file-pushed')).toBe('instance-file-pushed.json')
    expect(eventFileName('client/health/ping')).toBe('client-health-ping.json')
  })
})
