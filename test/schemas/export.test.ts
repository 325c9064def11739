import { Parser } from '@asyncapi/parser'
import { describe, expect, it } from 'vitest'
import { asyncapiDocument } from '../../generators/asyncapi/document.js'
import { toYaml } from '../../generators/asyncapi/index.js'
import { flattenFields } from '../../generators/docs/fields.js'
import { eventSchema, familySchema } from '../../generators/schemas/documents.js'
import { nodeEvidence, parseRef } from '../../generators/schemas/evidence.js'
import { BIGINT_NOTE, bigintFields, exportSchema } from '../../generators/schemas/export.js'
import { fieldView } from '../../generators/site/event-view.js'
import { syntheticModel } from '../open-formats/synthetic.js'

const sources = [
  { id: 'code', kind: 'upstream', title: 'c' },
  { id: 'cap', kind: 'capture', title: 'k' },
  { id: 'page', kind: 'seed', title: 'p' },
  { id: 'note', kind: 'reference', title: 'n' },
] as const
const ctx = { sources, ref: (name: string) => `#/definitions/X${name}` }

describe('evidence (issue #11 x-evidence)', () => {
  it('parses a reference: source, where, and the class from the source kind', () => {
    const kinds = new Map(sources.map((s) => [s.id, s.kind]))
    expect(parseRef('code shared/api/status_code.go:8-26', kinds)).toEqual({
      source: 'code',
      where: 'shared/api/status_code.go:8-26',
      class: 'code',
    })
    expect(parseRef('example page l.77', kinds)).toEqual({ source: 'page', where: 'l.77', class: 'example' })
    expect(parseRef('cap', kinds)).toEqual({ source: 'cap', class: 'capture' })
    expect(parseRef('note x', kinds)).toEqual({ source: 'note', where: 'x', class: 'note' })
    expect(parseRef('nobody y', kinds)).toEqual({ source: 'nobody', where: 'y' })
  })

  it('spreads form 1 over the node narrowing keywords and keeps form 2 as written', () => {
    expect(nodeEvidence({ type: 'integer', enum: [1], minimum: 0, 'x-evidence': 'code a.go:1' }, sources)).toEqual({
      enum: [{ source: 'code', where: 'a.go:1', class: 'code' }],
      minimum: [{ source: 'code', where: 'a.go:1', class: 'code' }],
    })
    expect(
      nodeEvidence(
        { required: ['a'], allOf: [], 'x-evidence': { required: 'cap line 3', allOf: ['code b', 'page'] } },
        sources,
      ),
    ).toEqual({
      required: [{ source: 'cap', where: 'line 3', class: 'capture' }],
      allOf: [
        { source: 'code', where: 'b', class: 'code' },
        { source: 'page', class: 'statement' },
      ],
    })
    expect(nodeEvidence({ type: 'string', 'x-known': ['a'], 'x-evidence': ['page l.1'] }, sources)).toEqual({
      '*': [{ source: 'page', where: 'l.1', class: 'statement' }],
    })
    expect(nodeEvidence({ type: 'string' }, sources)).toBeUndefined()
  })
})

describe('exportSchema', () => {
  const schema = {
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: 'integer', 'x-bigint': true, description: 'The id.' },
      level: {
        type: 'string',
        anyOf: [
          { enum: ['a'], 'x-since': '5.0' },
          { enum: ['b'], 'x-versions': '<5.0' },
        ],
        'x-evidence': { anyOf: ['code l.31'] },
      },
      map: { type: 'object', additionalProperties: true },
      ref: { $ref: '#/definitions/Thing' },
    },
    'x-count-equals': { count: 'n', items: 'list' },
  }

  it('closes objects, renames evcat keywords, parses evidence and rewrites references; the input is untouched', () => {
    const before = JSON.stringify(schema)
    const out = exportSchema(schema, ctx) as Record<string, any>
    expect(JSON.stringify(schema)).toBe(before)
    expect(out['additionalProperties']).toBe(false)
    expect(out['properties']['map']['additionalProperties']).toBe(true)
    expect(out['properties']['ref']).toEqual({ $ref: '#/definitions/XThing' })
    expect(out['properties']['level']['anyOf']).toEqual([
      { enum: ['a'], 'x-evcat-since': '5.0' },
      { enum: ['b'], 'x-evcat-versions': '<5.0' },
    ])
    expect(out['properties']['level']['x-evcat-evidence']).toEqual({
      anyOf: [{ source: 'code', where: 'l.31', class: 'code' }],
    })
    expect(out['x-evcat-count-equals']).toEqual({ count: 'n', items: 'list' })
    expect(JSON.stringify(out)).not.toMatch(/"x-(?!evcat-)/)
  })

  it('keeps type integer on exact integers and says why in their description', () => {
    const out = exportSchema(schema, ctx) as Record<string, any>
    expect(out['properties']['id']).toEqual({
      type: 'integer',
      'x-evcat-bigint': true,
      description: `The id. ${BIGINT_NOTE}`,
    })
    expect(
      bigintFields(schema, { Thing: { type: 'object', properties: { big: { type: 'integer', 'x-bigint': true } } } }),
    ).toEqual(['/id', '/ref/big'])
  })
})

describe('open formats of a synthetic catalog with evidence and versions', async () => {
  const model = await syntheticModel()
  const family = model.families[0]!
  const placed = family.events.find((e) => e.name === 'placed')!

  it('the event schema carries event versions, field versions and evidence', () => {
    const s = eventSchema(family, placed) as Record<string, any>
    expect(s['x-evcat-event']['versions']).toEqual({ versions: '>=1.0 <2 || >=4.1' })
    const money = s['definitions']['ShopMoney']
    expect(money['properties']['currency']['x-evcat-versions']).toBe('>=2.0 <3 || >=4.1')
    expect(money['properties']['currency']['x-evcat-evidence']).toEqual({
      enum: [
        { source: 'code', where: 'src/money.go:20', class: 'code' },
        { source: 'page', where: 'l.7', class: 'example' },
      ],
    })
    expect(money['properties']['amount']['x-evcat-evidence']).toEqual({
      minimum: [{ source: 'code', where: 'src/money.go:12-14', class: 'code' }],
    })
    expect(familySchema(family)['x-evcat-versions']).toEqual({
      known: ['1.0', '2.0', '4.1', 'main'],
      note: 'synthetic',
    })
  })

  it('the AsyncAPI document carries them as x-evcat-* extensions and still parses with 0 errors', async () => {
    const doc = asyncapiDocument(model, family, new Map())
    const yaml = toYaml(doc)
    expect(yaml).toContain('x-evcat-versions: ">=2.0 <3 || >=4.1"')
    expect(yaml).toContain('class: example')
    const { document, diagnostics } = await new Parser().parse(yaml)
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => d.message)).toEqual([])
    expect(document!.info().extensions().get('x-evcat-versions')?.value()).toEqual({
      known: ['1.0', '2.0', '4.1', 'main'],
      note: 'synthetic',
    })
    const message = document!
      .components()
      .messages()
      .all()
      .find((m) => m.name() === 'placed')!
    expect(message.extensions().get('x-evcat-event')?.value()['versions']).toEqual({ versions: '>=1.0 <2 || >=4.1' })
  })

  it('the site field table shows evidence and versions', () => {
    const rows = flattenFields(placed.schema, family.definitions).map((r) => fieldView(r, family.sources))
    const currency = rows.find((r) => r.path === 'data.total.currency')!
    expect(currency.versions).toBe('>=2.0 <3 || >=4.1')
    expect(currency.evidence).toEqual(['enum: code src/money.go:20 (code); page l.7 (example)'])
    expect(rows.find((r) => r.path === 'data.total.amount')!.evidence).toEqual([
      'minimum: code src/money.go:12-14 (code)',
    ])
  })
})
