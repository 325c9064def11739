import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFixtures } from '../../generators/fixtures/build.js'
import { fixturesGenerator } from '../../generators/fixtures/index.js'
import { RULES } from '../../generators/fixtures/mutate.js'
import type { EventFixtures } from '../../generators/fixtures/types.js'
import { validatorsGenerator } from '../../generators/validators/index.js'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { finalize } from '../../src/emit/write.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel } from '../../src/model/types.js'
import { createDispatcher, type FamilyTable, type Verdict } from '../../src/runtime/dispatch.js'
import { stringifyExact } from '../../src/runtime/json.js'
import { parseExact } from '../../src/runtime/parse.js'
import { validateInputs } from '../../src/validate/run.js'

const tmp = mkdtempSync(join(tmpdir(), 'evcat-fixtures-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

let model: CatalogModel
let fixtures: EventFixtures[]
let tables: FamilyTable[]
let judge: (value: unknown) => Verdict

beforeAll(async () => {
  model = buildModel(validateCatalog(await loadCatalog('catalog')))
  fixtures = buildFixtures(model)
  // The real generated validators, written to disk and imported as a user would.
  const files = finalize(model, [
    ...(await validatorsGenerator.generate(model, validatorsGenerator.defaults, [])),
    ...(await fixturesGenerator.generate(model, fixturesGenerator.defaults, [])),
  ])
  for (const f of files) {
    mkdirSync(dirname(join(tmp, f.path)), { recursive: true })
    writeFileSync(join(tmp, f.path), f.text)
  }
  tables = ((await import(pathToFileURL(join(tmp, 'validators/index.js')).href)) as { tables: FamilyTable[] }).tables
  const dispatch = createDispatcher(tables)
  // Through text, as a capture would arrive: 19-digit ids must survive the round trip.
  judge = (value) => dispatch(parseExact(stringifyExact(value)))
})

describe('fixtures of the real catalog, judged by the generated validators', () => {
  it('every valid fixture is valid, with no drift, as its own event', () => {
    const wrong: string[] = []
    for (const e of fixtures)
      for (const f of e.valid) {
        const v = judge(f.value)
        if (v.status !== 'valid' || v.family !== e.family || v.event !== e.event)
          wrong.push(`${e.family}/${e.event} ${f.id}: ${v.status} as ${v.event}: ${JSON.stringify(v.problems)}`)
      }
    expect(wrong).toEqual([])
  })

  it('every invalid fixture is invalid, with a problem at exactly its pointer', () => {
    const wrong: string[] = []
    for (const e of fixtures)
      for (const f of e.invalid) {
        const v = judge(f.value)
        const at = v.problems.filter((p) => p.pointer === f.pointer && p.kind === 'contract')
        if (v.status !== 'invalid' || at.length === 0)
          wrong.push(`${e.family}/${e.event} ${f.id} at ${f.pointer}: ${v.status} ${JSON.stringify(v.problems)}`)
      }
    expect(wrong).toEqual([])
  })

  it('each invalid fixture differs from a valid fixture of its event by one change', () => {
    for (const e of fixtures)
      for (const f of e.invalid) {
        const from = /\(from ([a-z0-9-]+)\)$/.exec(f.note)?.[1]
        const base = e.valid.find((v) => v.id === from)
        expect(base, `${e.event} ${f.id}`).toBeDefined()
        expect(changedPointers(base!.value, f.value)).toEqual([f.pointer])
      }
  })

  it('the per-family JSONL files validate line by line as evcat validate reads them', async () => {
    for (const family of model.families) {
      const valid = await validateInputs([join(tmp, 'fixtures', family.id, 'valid.jsonl')], tables)
      const count = fixtures.filter((e) => e.family === family.id).reduce((n, e) => n + e.valid.length, 0)
      expect(valid.summary).toMatchObject({ total: count, valid: count, invalid: 0, drift: 0, unreadable: 0 })
      const invalid = await validateInputs([join(tmp, 'fixtures', family.id, 'invalid.jsonl')], tables)
      const bad = fixtures.filter((e) => e.family === family.id).reduce((n, e) => n + e.invalid.length, 0)
      expect(invalid.summary).toMatchObject({ total: bad, invalid: bad, unreadable: 0 })
    }
  })
})

describe('fixture counts', () => {
  it('every event has valid and invalid fixtures, the wire examples first', () => {
    expect(fixtures.length).toBe(model.families.reduce((n, f) => n + f.events.length, 0))
    for (const family of model.families)
      for (const event of family.events) {
        const e = fixtures.find((x) => x.family === family.id && x.event === event.name)!
        expect(e.valid.length, event.name).toBeGreaterThanOrEqual(1)
        expect(e.invalid.length, event.name).toBeGreaterThanOrEqual(1)
        const wire = event.examples.filter((x) => x.wire && x.value !== undefined).length
        expect(e.valid.slice(0, wire).map((f) => f.id)).toEqual(Array.from({ length: wire }, (_, i) => `example-${i}`))
        expect(e.valid.map((f) => f.id)).toContain('minimal')
        expect(new Set(e.valid.map((f) => f.id)).size).toBe(e.valid.length)
      }
  })

  it('every rule kind appears, and wrong-discriminator for every event', () => {
    const rules = new Set(fixtures.flatMap((e) => e.invalid.map((f) => f.rule)))
    expect([...rules].sort()).toEqual([...RULES].sort())
    for (const e of fixtures) expect(e.invalid.map((f) => f.rule)).toContain('wrong-discriminator')
  })

  it('synthesized values follow the catalog conventions', () => {
    const lxd = fixtures.find((e) => e.family === 'lxd' && e.event === 'operation')!
    const full = lxd.valid.find((f) => f.id === 'full')!.value as { timestamp: string; metadata: { id: string } }
    expect(full.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/)
    expect(full.metadata.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    // A nullable field gets a variant with null. (The operation's 17 status pairs take its first variants.)
    const running = fixtures.find((e) => e.family === 'events-hub' && e.event === 'pdfm/MAC_VMS_RUNNING_NOW')!
    expect(
      running.valid.some(
        (f) =>
          f.id.startsWith('variant-') &&
          (f.value as { body: { mac_vms_running: unknown } }).body.mac_vms_running === null,
      ),
    ).toBe(true)
    // AIM parameters are all optional (fidelity O6): the full form has them.
    const aim = fixtures.find((e) => e.family === 'i3d' && e.event === 'AIMStarted')!
    const params = (aim.valid.find((f) => f.id === 'full')!.value as { parameters: Record<string, unknown> }).parameters
    expect(typeof params['applicationId']).toBe('bigint')
    expect(String(params['applicationId'])).toMatch(/^\d{19}$/)
    const hub = fixtures.find((e) => e.family === 'events-hub' && e.event === 'pdfm/VM_STATE_CHANGED')!
    expect((hub.valid.find((f) => f.id === 'minimal')!.value as { id: string }).id).toMatch(/^[0-9a-f]{64}$/)
  })
})

/** The pointers where two JSON values differ (a removed or changed field counts once). */
function changedPointers(a: unknown, b: unknown, at = ''): string[] {
  if (a === b) return []
  if (
    a === null ||
    b === null ||
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return [at]
  const out: string[] = []
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    const p = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`
    if (!(k in ao) || !(k in bo)) out.push(p)
    else out.push(...changedPointers(ao[k], bo[k], p))
  }
  return out
}
