import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { JsonSchema } from '../../src/schema/types.js'
import { compareSnapshots } from '../../src/registry/diff/compare.js'
import { RULES, impliedSeverity } from '../../src/registry/rules.js'
import type { CatalogSnapshot, EventSnapshot, FamilySnapshot } from '../../src/registry/snapshot.js'
import { parseSnapshot, serializeSnapshot } from '../../src/registry/snapshot-json.js'

// Small synthetic catalogs that use issue #11's keys (versions.known, event versions, x-versions, x-evidence).
const envelope = (action: string, context: JsonSchema = { type: 'object', properties: {} }): JsonSchema => ({
  type: 'object',
  required: ['type', 'metadata'],
  properties: {
    type: { type: 'string', const: 'lifecycle', 'x-known': ['lifecycle', 'logging'] },
    metadata: {
      type: 'object',
      required: ['action'],
      properties: { action: { type: 'string', const: action }, context },
    },
    project: { type: 'string', 'x-since': '4.22' },
  },
})
const event = (name: string, extra: Partial<EventSnapshot> = {}): EventSnapshot => ({
  name,
  group: 'lifecycle',
  typeName: `Lxd${name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}Event`,
  match: { '/type': 'lifecycle', '/metadata/action': name },
  schema: envelope(name),
  sources: ['lxd-main'],
  docs: 'd0',
  examples: 'e0',
  file: 'lxd/lifecycle.yaml',
  line: 3,
  ...extra,
})
const family = (events: EventSnapshot[], extra: Partial<FamilySnapshot> = {}): FamilySnapshot => ({
  id: 'lxd',
  typePrefix: 'Lxd',
  discriminator: ['/type', '/metadata/action'],
  knownVersions: ['4.0.7', '5.0.2', 'main'],
  definitions: { Requestor: { type: 'object', properties: { username: { type: 'string' } } } },
  groups: [{ id: 'lifecycle', payloadAt: '/metadata/context' }],
  events,
  file: 'lxd/family.yaml',
  ...extra,
})
const catalog = (...families: FamilySnapshot[]): CatalogSnapshot => ({
  name: 'c',
  version: '0.1.0',
  packageName: '@evcat/events',
  families,
})
const rows = (a: CatalogSnapshot, b: CatalogSnapshot) =>
  compareSnapshots(a, b).map((c) => `${c.severity} ${c.event} ${c.pointer} ${c.rule}`)

describe('compareSnapshots: events and families', () => {
  const base = catalog(family([event('instance-created'), event('instance-deleted')]))

  it('reports removed and added events, and leaves unchanged ones alone', () => {
    const after = catalog(family([event('instance-created'), event('instance-renamed')]))
    expect(rows(base, after)).toEqual([
      'breaking instance-deleted  event-removed',
      'compatible instance-renamed  event-added',
    ])
    expect(rows(base, base)).toEqual([])
  })

  it('reports a discriminator value change and a renamed type', () => {
    const moved = event('instance-deleted', {
      match: { '/type': 'lifecycle', '/metadata/action': 'instance-removed' },
      typeName: 'LxdGoneEvent',
    })
    expect(rows(base, catalog(family([event('instance-created'), moved])))).toEqual([
      'breaking instance-deleted  type-renamed',
      'breaking instance-deleted /metadata/action discriminator-changed',
    ])
  })

  it('folds a change every event shows into one entry for the family', () => {
    const widened = (name: string) => {
      const e = event(name)
      const props = e.schema['properties'] as Record<string, JsonSchema>
      return { ...e, schema: { ...e.schema, properties: { ...props, project: { type: 'string', 'x-since': '4.0' } } } }
    }
    expect(rows(base, catalog(family([widened('instance-created'), widened('instance-deleted')])))).toEqual([
      'compatible * /project versions-widened',
    ])
  })

  it('compares event versions, known server versions, shared fragments and the discriminator', () => {
    const after = catalog(
      family([event('instance-created', { versions: '>=4.16' }), event('instance-deleted')], {
        knownVersions: ['5.0.2', 'main', '6.9'],
        definitions: {},
        discriminator: ['/type', '/metadata/name'],
      }),
    )
    expect(rows(base, after)).toEqual([
      'breaking *  discriminator-changed',
      'breaking *  server-version-removed',
      'compatible *  server-version-added',
      'breaking * #/definitions/Requestor definition-removed',
      'compatible instance-created  versions-narrowed',
    ])
  })

  it('reads version facts of a family that listed no known versions before as new to --server only', () => {
    const before = catalog(family([event('instance-created'), event('instance-deleted')], { knownVersions: undefined }))
    const ctx: JsonSchema = {
      type: 'object',
      required: ['pool'],
      properties: { pool: { type: 'string', 'x-versions': '>=5.0.2' } },
    }
    const after = catalog(
      family([
        event('instance-created', { since: '4.0', schema: envelope('instance-created', ctx) }),
        event('instance-deleted'),
      ]),
    )
    const changes = compareSnapshots(before, after)
    expect(changes.map((c) => `${c.severity} ${c.event} ${c.pointer} ${c.rule}`)).toEqual([
      'compatible *  server-version-added',
      'docs instance-created  versions-introduced',
      'compatible instance-created /metadata/context/pool field-added',
    ])
    expect(changes[2]!.message).toBe(
      'field "pool" added (string required in versions since 5.0.2) (only the new --server check reads it)',
    )
    // The same facts against a release that listed versions: --server validation changes.
    expect(
      rows({ ...before, families: [{ ...before.families[0]!, knownVersions: ['4.0.7', '5.0.2'] }] }, after),
    ).toEqual([
      'compatible *  server-version-added',
      'compatible instance-created  versions-narrowed',
      'breaking instance-created /metadata/context/pool field-added-required-in-versions',
    ])
  })

  it("folds a change most of a group's events show into one entry that names the others", () => {
    const names = ['a-created', 'a-deleted', 'a-renamed', 'a-updated']
    const without = (name: string) => {
      const e = event(name)
      const { project: _p, ...props } = e.schema['properties'] as Record<string, JsonSchema>
      return { ...e, schema: { ...e.schema, properties: props } }
    }
    const after = catalog(family([...names.slice(0, 3).map(without), event('a-updated')]))
    const changes = compareSnapshots(catalog(family(names.map((n) => event(n)))), after)
    expect(changes.map((c) => `${c.event} ${c.pointer} ${c.rule}: ${c.message}`)).toEqual([
      'lifecycle/* /project field-removed: field "project" removed (was optional string) (3 of 4 lifecycle events; not a-updated)',
    ])
  })

  it('tells a hint made enforced from evidence added to an enforced value', () => {
    const ctx = (type: JsonSchema): EventSnapshot =>
      event('instance-created', { schema: envelope('instance-created', { type: 'object', properties: { type } }) })
    const hint = catalog(
      family([
        ctx({ type: 'string', 'x-known': ['container'], 'x-evidence': { 'x-known': 'example seed-lxd l.9' } }),
        event('instance-deleted'),
      ]),
    )
    const enforced = catalog(
      family([
        ctx({ type: 'string', enum: ['container'], 'x-evidence': 'lxd-main lxd/instance.go:12' }),
        event('instance-deleted'),
      ]),
    )
    const backed = catalog(
      family([
        ctx({ type: 'string', enum: ['container'], 'x-evidence': 'lxd-main lxd/instance.go:12' }),
        event('instance-deleted'),
      ]),
    )
    const bare = catalog(family([ctx({ type: 'string', enum: ['container'] }), event('instance-deleted')]))
    expect(rows(hint, enforced)).toEqual([
      'breaking instance-created /metadata/context/type known-value-enforced',
      'docs instance-created /metadata/context/type evidence-changed',
    ])
    expect(rows(bare, backed)).toEqual(['docs instance-created /metadata/context/type evidence-added'])
  })
})

describe('the snapshot a package carries', () => {
  it('reads back exactly what was written, with shared subtrees stored once and big integers kept', () => {
    const snap = catalog(
      family([
        event('instance-created', { schema: { ...envelope('instance-created'), examples: [1234567890123456789n] } }),
        event('instance-deleted'),
      ]),
    )
    const text = serializeSnapshot(snap)
    expect(text).toContain('{"$evcat:bigint":"1234567890123456789"}')
    expect(text).toContain('"$evcat:shared"')
    expect(parseSnapshot(text, 'x')).toEqual(snap)
    expect(serializeSnapshot(parseSnapshot(text, 'x'))).toBe(text)
  })

  it('refuses a file that is not a snapshot it knows, naming it', () => {
    expect(() => parseSnapshot('{"format":"evcat-catalog-snapshot/9"}', 'pkg/catalog.json')).toThrow(
      'pkg/catalog.json is not an evcat catalog snapshot this evcat reads (format "evcat-catalog-snapshot/9", expected "evcat-catalog-snapshot/1"); update evcat',
    )
  })
})

describe('the rules table', () => {
  it('gives each rule the severity its impacts imply, and a unique id', () => {
    for (const r of RULES) expect(r.severity, r.id).toBe(impliedSeverity(r.types, r.validation))
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length)
  })

  it('is what out/docs/compatibility.md lists, rule by rule', () => {
    const page = readFileSync('out/docs/compatibility.md', 'utf8')
    for (const r of RULES) expect(page).toContain(`| \`${r.id}\` | ${r.severity} | ${r.types} | ${r.validation}`)
  })
})
