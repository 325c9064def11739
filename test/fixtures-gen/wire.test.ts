import { Command } from 'commander'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildFixtures } from '../../generators/fixtures/build.js'
import { fixturesGenerator } from '../../generators/fixtures/index.js'
import type { EventFixtures } from '../../generators/fixtures/types.js'
import type { FamilyLikeness } from '../../generators/fixtures/wire-likeness.js'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { registerFixtures } from '../../src/cli/commands/fixtures.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'
import { parseExact } from '../../src/runtime/parse.js'
import { parseTemplate, templatePattern } from '../../src/schema/template.js'
import { consistencyProblems, type Message } from './consistency.js'

let model: CatalogModel
let fixtures: EventFixtures[]
let feed: Message[]

/** Runs `evcat fixtures …` in process and returns its lines, parsed exactly. */
async function fixtureFeed(...args: string[]): Promise<unknown[]> {
  let out = ''
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t) }
  const program = new Command('evcat').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err })
  registerFixtures(program, { io, setExit: () => undefined })
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err })
  await program.parseAsync(['node', 'evcat', 'fixtures', ...args])
  return out.trimEnd().split('\n').map(parseExact)
}

beforeAll(async () => {
  model = buildModel(validateCatalog(await loadCatalog('catalog')))
  fixtures = buildFixtures(model)
  feed = (await fixtureFeed('--count', '10000', '--seed', 'wire')).map((value) => ({ value }))
})

const family = (id: string): FamilyModel => model.families.find((f) => f.id === id)!
const valid = (id: string): Message[] =>
  fixtures.filter((e) => e.family === id).flatMap((e) => e.valid.map((f) => ({ value: f.value, id: f.id })))

/** The source template of each LXD lifecycle action, from the catalog (the source's x-pool entry that names it). */
function sourceTemplates(): Map<string, RegExp[]> {
  const lxd = family('lxd')
  const source = (
    (lxd.groups.find((g) => g.id === 'lifecycle')!.schema['properties'] as Record<string, Record<string, unknown>>)[
      'metadata'
    ]!['properties'] as Record<string, Record<string, unknown>>
  )['source']!
  const out = new Map<string, RegExp[]>()
  for (const entry of source['x-pool'] as { template: string; when: Record<string, string[]> }[]) {
    const parsed = parseTemplate(entry.template)
    if (!parsed.ok) throw new Error(parsed.error)
    const re = new RegExp(templatePattern([parsed.tokens]), 'u')
    for (const action of entry.when['/metadata/action']!) out.set(action, [...(out.get(action) ?? []), re])
  }
  return out
}

describe('fixtures look like the wire', () => {
  it("every LXD lifecycle fixture's source is its action's template, and every action has one", () => {
    const templates = sourceTemplates()
    const actions = family('lxd').events.filter((e) => e.group === 'lifecycle')
    expect(actions.filter((e) => !templates.has(e.name)).map((e) => e.name)).toEqual([])
    const wrong: string[] = []
    let checked = 0
    for (const e of fixtures.filter((x) => x.family === 'lxd'))
      for (const f of e.valid) {
        const m = f.value as { type: string; metadata: { action: string; source: string } }
        if (m.type !== 'lifecycle') continue
        checked++
        // Synthesized fixtures follow the template of today's code; a wire example may show an older form.
        const forms = templates.get(m.metadata.action)!
        if (!f.id.startsWith('example-') && !forms.some((re) => re.test(m.metadata.source)))
          wrong.push(`${e.event} ${f.id}: ${m.metadata.source}`)
      }
    expect(wrong).toEqual([])
    expect(checked).toBeGreaterThan(400)
  })

  it('every i3D @timestamp has exactly 3 fraction digits, in UTC', () => {
    const stamps = valid('i3d').map((m) => (m.value as { '@timestamp': string })['@timestamp'])
    const fromFeed = feed.flatMap((m) => {
      const t = (m.value as { '@timestamp'?: string })['@timestamp']
      return t === undefined ? [] : [t]
    })
    expect(stamps.length).toBeGreaterThan(150)
    expect(fromFeed.length).toBeGreaterThan(500)
    for (const t of [...stamps, ...fromFeed]) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it('every Events Hub server message id is 64 lower-case hex, fresh for every synthesized message', () => {
    const server = new Set(
      family('events-hub')
        .events.filter((e) => e.direction === 'server')
        .map((e) => e.name),
    )
    const hub = fixtures.filter((e) => e.family === 'events-hub' && server.has(e.event))
    const ids = hub.flatMap((e) => e.valid.map((f) => ({ id: (f.value as { id: string }).id, fixture: f.id })))
    for (const { id } of ids) expect(id).toMatch(/^[0-9a-f]{64}$/)
    const synthesized = ids.filter((x) => !x.fixture.startsWith('example-')).map((x) => x.id)
    expect(new Set(synthesized).size).toBe(synthesized.length)
    // Server messages (they have a timestamp; a client's frame does not).
    for (const m of feed)
      if ('event_type' in (m.value as object) && 'timestamp' in (m.value as object))
        expect((m.value as { id: string }).id).toMatch(/^[0-9a-f]{64}$/)
  })

  it('LXD times are Go RFC3339Nano (no trailing zero in the fraction), and one feed keeps one server zone', () => {
    const go = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,8}[1-9])?(Z|[+-]\d\d:\d\d)$/
    const lxdFeed = feed.filter((m) => 'metadata' in (m.value as object) && 'timestamp' in (m.value as object))
    for (const m of [...valid('lxd'), ...lxdFeed]) expect((m.value as { timestamp: string }).timestamp).toMatch(go)
    const zones = new Set(
      lxdFeed.map((m) => /(Z|[+-]\d\d:\d\d)$/.exec((m.value as { timestamp: string }).timestamp)![1]),
    )
    expect(zones.size).toBe(1)
  })
})

describe('consistency inside a message and across a feed', () => {
  it('holds on every valid fixture', () => {
    const problems = model.families.flatMap((f) => consistencyProblems(f, valid(f.id), model))
    expect(problems).toEqual([])
  })

  it('holds on a 10,000-event evcat fixtures feed', () => {
    expect(feed.length).toBe(10000)
    const problems = model.families.flatMap((f) => consistencyProblems(f, feed, model))
    expect(problems).toEqual([])
  })

  it('a feed uses the names of the fixtures, one set of them throughout', () => {
    const instanceNames = (messages: readonly Message[]): Set<string> =>
      new Set(
        messages.flatMap((m) => {
          const source = (m.value as { metadata?: { source?: unknown } }).metadata?.source
          const name = typeof source === 'string' ? /^\/1\.0\/instances\/([^/?#]+)/.exec(source)?.[1] : undefined
          return name === undefined ? [] : [name]
        }),
      )
    const known = instanceNames(valid('lxd'))
    const used = instanceNames(feed)
    expect(used.size).toBeGreaterThan(2)
    expect([...used].filter((n) => !known.has(n))).toEqual([])
  })
})

describe('the wire-likeness report', () => {
  let report: FamilyLikeness[]
  let markdown: string

  beforeAll(async () => {
    const files = await fixturesGenerator.generate(model, fixturesGenerator.defaults, [])
    report = JSON.parse(files.find((f) => f.path === 'fixtures/wire-likeness.json')!.contents) as FamilyLikeness[]
    markdown = files.find((f) => f.path === 'fixtures/wire-likeness.md')!.contents
  })

  it('covers every family, with the LXD capture as real traffic', () => {
    expect(report.map((f) => f.family)).toEqual(['batcher', 'events-hub', 'i3d', 'lxd'])
    const lxd = report.find((f) => f.family === 'lxd')!
    expect(lxd.captures).toEqual([
      { source: 'capture-5-0-2', file: 'test/fixtures/lxd/capture-5.0.2.jsonl', frames: 2074 },
    ])
    const source = lxd.fields.find((f) => f.pointer === '/metadata/source' && f.evidence)!
    expect(source.real).toEqual({ 'template:its-own': expect.any(Number) as number })
    expect(source.same).toBe(source.total)
  })

  it('shows 100% for every field with evidence, and lists every other field below 100% with its reason', () => {
    for (const f of report)
      for (const field of f.fields) {
        if (field.evidence)
          expect(`${f.family} ${field.pointer} ${field.same}/${field.total}`).toBe(
            `${f.family} ${field.pointer} ${field.total}/${field.total}`,
          )
        if (field.same < field.total) {
          const line = markdown.split('\n').find((l) => l.startsWith(`- \`${field.pointer}\`: `))
          expect(line, field.pointer).toMatch(/Reason: /)
        }
      }
  })
})
