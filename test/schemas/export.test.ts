import { Parser } from '@asyncapi/parser'
import { Ajv } from 'ajv'
import { toProblems, type AjvError } from '../../src/runtime/messages.js'
import { toPath, valueAt } from '../../src/runtime/pointer.js'
import { createPayloadAjv } from '../../src/schema/ajv.js'
import { genericStatus } from '../open-formats/evcat-verdicts.js'
import { describe, expect, it } from 'vitest'
import { asyncapiDocument } from '../../generators/asyncapi/document.js'
import { toYaml } from '../../generators/asyncapi/index.js'
import { flattenFields } from '../../src/model/fields.js'
import { eventSchema, familySchema } from '../../generators/schemas/documents.js'
import { BIGINT_NOTE, bigintFields, countEqualsNote, exportSchema } from '../../generators/schemas/export.js'
import { fieldView } from '../../generators/site/event-view.js'
import { syntheticModel } from '../open-formats/synthetic.js'

const sources = [
  { id: 'code', kind: 'upstream', title: 'c' },
  { id: 'cap', kind: 'capture', title: 'k' },
  { id: 'page', kind: 'seed', title: 'p' },
  { id: 'note', kind: 'reference', title: 'n' },
] as const
const ctx = { sources, ref: (name: string) => `#/definitions/X${name}` }

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
      { enum: ['a'], 'x-evcat-since': '5.0', description: 'Sent by server versions since 5.0.' },
      { enum: ['b'], 'x-evcat-versions': '<5.0', description: 'Sent by server versions <5.0.' },
    ])
    expect(out['properties']['level']['x-evcat-evidence']).toEqual({
      anyOf: [{ source: 'code', where: 'l.31', class: 'code' }],
    })
    expect(out['x-evcat-count-equals']).toEqual({ count: 'n', items: 'list' })
    expect(out['description']).toBe(countEqualsNote('n', 'list'))
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

describe('checks only evcat makes, through an exported schema', () => {
  const batch = {
    type: 'object',
    required: ['val', 'ops'],
    properties: { val: { type: 'integer' }, ops: { type: 'array' } },
    'x-count-equals': { count: 'val', items: 'ops' },
    'x-evidence': 'code batcher.go:387',
  }
  const message = { val: 3, ops: [{}, {}] }

  it('x-count-equals: evcat rejects a wrong count, a generic validator passes it, and the agreement tests expect that', () => {
    const evcat = createPayloadAjv().compile(batch)
    expect(evcat(message)).toBe(false)
    const errors = toProblems(evcat.errors as AjvError[], '', (p) => valueAt(message, toPath(p)))
    expect(errors.map((e) => e.message)).toEqual(['expected 2 (the number of items in ops), got integer 3'])
    const exported = exportSchema(batch, ctx)
    const generic = new Ajv({ strict: false })
    expect(generic.validate(exported, message)).toBe(true)
    expect(genericStatus(errors)).toBe('valid')
    expect(genericStatus([...errors, { message: 'field not in the catalog', kind: 'drift' }])).toBe('drift')
    expect(exported['description']).toContain('a generic validator ignores that keyword')
  })
})

describe('open formats of a synthetic catalog with evidence and versions', async () => {
  const model = await syntheticModel()
  const family = model.families[0]!
  const placed = family.events.find((e) => e.name === 'placed')!

  it('the event schema carries event versions, field versions and evidence', () => {
    const s = eventSchema(family, placed) as Record<string, any>
    expect(s['x-evcat-event']).toMatchObject({ sentBy: '>=1.0 <2 || >=4.1', sentByText: '>=1.0 <2 or since 4.1' })
    expect(s['description']).toContain('Sent by server versions >=1.0 <2 or since 4.1.')
    const money = s['definitions']['ShopMoney']
    expect(money['properties']['currency']['x-evcat-versions']).toBe('>=2.0 <3 || >=4.1')
    expect(money['properties']['currency']['description']).toBe('Sent by server versions >=2.0 <3 or since 4.1.')
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
    expect(message.extensions().get('x-evcat-event')?.value()['sentBy']).toBe('>=1.0 <2 || >=4.1')
  })

  it('the site field table shows evidence and versions', () => {
    const rows = flattenFields(placed.schema, family.definitions).map((r) =>
      fieldView(r, { sources: family.sources, match: placed.match }),
    )
    const currency = rows.find((r) => r.path === 'data.total.currency')!
    expect(currency.versions).toBe('>=2.0 <3 or since 4.1')
    expect(currency.enforced).toEqual([{ keyword: 'enum', why: 'code code src/money.go:20; example page l.7' }])
    expect(rows.find((r) => r.path === 'data.total.amount')!.enforced).toEqual([
      { keyword: 'required', why: 'code code money.go:5' },
      { keyword: 'minimum', why: 'code code src/money.go:12-14' },
    ])
  })
})
