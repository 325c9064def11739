import { describe, expect, it } from 'vitest'
import { checkCatalog } from '../../src/catalog/check.js'
import { composeMessageSchema } from '../../src/schema/compose.js'
import { projectSchema } from '../../src/schema/project.js'
import { parseVersion } from '../../src/runtime/version.js'
import { miniCatalog, miniWith } from '../helpers.js'

describe("projectSchema(…, 'any')", () => {
  it('drops properties with x-since, x-until or x-versions from required, and keeps the rest', () => {
    const schema = {
      type: 'object',
      required: ['a', 'b', 'c', 'd'],
      properties: {
        a: { type: 'string' },
        b: { type: 'string', 'x-since': '5.0' },
        c: { type: 'string', 'x-until': '4.23' },
        d: { type: 'object', 'x-versions': '>=5.0.2 <5.1 || >=5.6', required: ['e'], properties: { e: {} } },
      },
    }
    const out = projectSchema(schema, 'any')
    expect(out['required']).toEqual(['a'])
    expect((out['properties'] as Record<string, { required?: unknown }>)['d']!.required).toEqual(['e'])
    expect(schema.required).toEqual(['a', 'b', 'c', 'd'])
  })

  it('leaves required empty when every name in it is versioned', () => {
    expect(projectSchema({ required: ['b'], properties: { b: { 'x-since': '2' } } }, 'any')).toEqual({
      required: [],
      properties: { b: { 'x-since': '2' } },
    })
  })
})

describe('composeMessageSchema', () => {
  const family = {
    envelope: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { type: 'string' }, meta: { type: 'object' } },
    },
    definitions: {},
  }
  const group = {
    base: { properties: { meta: { type: 'object', properties: { name: { type: 'string', description: 'group' } } } } },
    payloadAt: '/meta/context',
  }

  it("merges the event's base after the group's base and before the discriminator values and the payload", () => {
    const eventBase = {
      properties: {
        kind: { type: 'string', description: 'event base' },
        meta: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
      },
    }
    const payload = { type: 'object', properties: { path: { type: 'string' } } }
    const s = composeMessageSchema(family, group, { '/kind': 'a' }, payload, { base: eventBase })
    const props = s['properties'] as Record<string, Record<string, unknown>>
    expect(props['kind']).toEqual({ type: 'string', description: 'event base', const: 'a' })
    const meta = props['meta']!
    expect(meta['required']).toEqual(['name'])
    expect((meta['properties'] as Record<string, unknown>)['name']).toEqual({
      type: 'string',
      description: 'group',
      minLength: 1,
    })
    expect((meta['properties'] as Record<string, unknown>)['context']).toEqual(payload)
  })

  it('leaves a payload whose required fields are all versioned optional, so older servers may omit it', () => {
    const payload = { type: 'object', required: ['type'], properties: { type: { type: 'string', 'x-since': '5.5' } } }
    const s = composeMessageSchema(family, group, {}, payload)
    const meta = (s['properties'] as Record<string, Record<string, unknown>>)['meta']!
    expect(meta['required']).toBeUndefined()
    expect((meta['properties'] as Record<string, Record<string, unknown>>)['context']!['required']).toEqual([])
  })

  it('requires the payload, and its versioned fields, in a version that sends them', () => {
    const payload = { type: 'object', required: ['type'], properties: { type: { type: 'string', 'x-since': '5.5' } } }
    const s = composeMessageSchema(family, group, {}, payload, { target: parseVersion('5.6')! })
    const meta = (s['properties'] as Record<string, Record<string, unknown>>)['meta']!
    expect(meta['required']).toEqual(['context'])
    expect((meta['properties'] as Record<string, Record<string, unknown>>)['context']!['required']).toEqual(['type'])
    const old = composeMessageSchema(family, group, {}, payload, { target: parseVersion('5.4')! })
    const oldMeta = (old['properties'] as Record<string, Record<string, unknown>>)['meta']!
    expect(oldMeta['required']).toBeUndefined()
    expect((oldMeta['properties'] as Record<string, Record<string, unknown>>)['context']).toEqual({
      type: 'object',
      required: [],
      properties: {},
    })
  })
})

describe('composeMessageSchema and versions across pieces', () => {
  const family = {
    envelope: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, metadata: { 'x-since': 'v1.2.0' } },
    },
    definitions: {},
  }

  it('keeps a field required when every known version that sends the event sends it (batch came with metadata)', () => {
    const versions = [parseVersion('v1.2.0')!, parseVersion('v2')!]
    const s = composeMessageSchema(
      family,
      { payloadAt: '' },
      { '/name': 'batch' },
      { required: ['metadata'] },
      { versions },
    )
    expect(s['required']).toEqual(['name', 'metadata'])
  })

  it('leaves it optional when a known version that sends the event does not send the field', () => {
    const versions = [parseVersion('v1.0.0')!, parseVersion('v2')!]
    const s = composeMessageSchema(
      family,
      { payloadAt: '' },
      { '/name': 'x' },
      { required: ['metadata'] },
      { versions },
    )
    expect(s['required']).toEqual(['name'])
  })
})

describe('a versioned field in required', () => {
  it('is optional in the default check, so a wire example without it passes lint', () => {
    const patch = miniWith('shop/family.yaml', 'required: [amount]', 'required: [amount, currency]')
    const result = checkCatalog(miniCatalog(patch))
    expect(result.diagnostics).toEqual([])
  })

  it('is still checked when present: a wrong type fails the example', () => {
    const patch = {
      ...miniWith('shop/family.yaml', 'required: [amount]', 'required: [amount, currency]'),
      ...miniWith(
        'shop/order.yaml',
        'data: { total: { amount: 5 } } }\n      - source: page',
        'data: { total: { amount: 5, currency: 3 } } }\n      - source: page',
      ),
    }
    const found = checkCatalog(miniCatalog(patch)).diagnostics.map((d) => [d.code, d.message])
    expect(found).toEqual([
      ['invalid-example', "wire example does not match the event's schema: /data/total/currency must be string"],
    ])
  })
})
