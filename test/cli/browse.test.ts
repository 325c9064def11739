import { describe, expect, it } from 'vitest'
import { run } from './run.js'

describe('evcat list', () => {
  it('prints one row per event', async () => {
    const r = await run('list', '--catalog', 'test/fixtures/mini')
    expect(r.code).toBe(0)
    expect(r.out.split('\n')).toEqual([
      'shop/cancelled  order  An order was cancelled.',
      'shop/placed     order  An order was placed.',
      'shop/ping       ping   A keep-alive.',
      '3 event(s) in 1 family',
      '',
    ])
  })

  it('--json gives family, group, name, summary and resolved provenance', async () => {
    const r = await run('list', '--catalog', 'test/fixtures/mini', '--json')
    const rows = JSON.parse(r.out) as Record<string, unknown>[]
    expect(rows[1]).toMatchObject({
      family: 'shop',
      group: 'order',
      name: 'placed',
      type: 'ShopPlacedEvent',
      summary: 'An order was placed.',
      match: { '/kind': 'order', '/action': 'placed' },
      provenance: [{ id: 'code', kind: 'upstream', title: 'The shop code', repo: 'acme/shop', commit: 'abcdef1' }],
      file: 'shop/order.yaml:3',
    })
  })

  it('rejects an unknown family with the list of known ones', async () => {
    const r = await run('list', '--catalog', 'test/fixtures/mini', '--family', 'lxd')
    expect(r.code).toBe(2)
    expect(r.err).toBe('evcat: no family "lxd"; the catalog has: shop\n')
  })
})

describe('evcat show', () => {
  it('shows the composed schema, the page claims and the examples', async () => {
    const r = await run('show', 'shop/placed', '--catalog', 'test/fixtures/mini', '--json')
    expect(r.code).toBe(0)
    const e = JSON.parse(r.out) as {
      schema: { properties: Record<string, unknown>; definitions: object }
      pages: unknown[]
      examples: unknown[]
    }
    expect(e.schema.properties['action']).toEqual({ type: 'string', const: 'placed' })
    expect(e.schema.properties['data']).toEqual({
      type: 'object',
      required: ['total'],
      properties: { total: { $ref: '#/definitions/Money' } },
      'x-evidence': 'code order.go:20',
    })
    expect(Object.keys(e.schema.definitions)).toEqual(['Money'])
    expect(e.pages).toEqual([{ source: 'page', name: 'placed', summary: 'An order is placed.' }])
    expect(e.examples).toHaveLength(2)
  })

  it('prints a readable text view', async () => {
    const r = await run('show', 'shop/placed', '--catalog', 'test/fixtures/mini')
    expect(r.out).toContain('shop/placed  (ShopPlacedEvent)\nAn order was placed.\n')
    expect(r.out).toContain('match:      /kind = "order", /action = "placed"\n')
    expect(r.out).toContain('example (page, page only: never sent):')
  })

  it('shows, for each field, what is enforced and why, and the versions that send it', async () => {
    const text = (await run('show', 'shop/placed', '--catalog', 'test/fixtures/mini')).out
    expect(text).toContain(
      '  data.total.amount  integer  required\n    enforced: required: code code money.go:5\n' +
        '  data.total.currency  string  optional\n    versions: since 2.0\n',
    )
    expect(text).toContain(
      '  action  string  optional\n    enforced: const (always "placed"): the discriminator value\n',
    )
    const json = JSON.parse((await run('show', 'shop/placed', '--catalog', 'test/fixtures/mini', '--json')).out) as {
      fields: { path: string; pointer: string; enforced: unknown[]; versions?: unknown }[]
      messageRules: unknown[]
    }
    expect(json.messageRules).toEqual([])
    expect(json.fields.find((f) => f.path === 'data.total.currency')).toEqual({
      path: 'data.total.currency',
      pointer: '/data/total/currency',
      type: 'string',
      required: false,
      versions: { range: '>=2.0', text: 'since 2.0' },
      enforced: [],
    })
    expect(json.fields.find((f) => f.path === 'at')!.enforced).toEqual([
      {
        keyword: 'required',
        rule: 'required',
        basis: 'own',
        evidence: [{ class: 'code', citation: 'code event.go:10-14' }],
      },
      {
        keyword: 'format',
        rule: 'format date-time',
        basis: 'own',
        evidence: [{ class: 'code', citation: 'code at.go:3' }],
      },
    ])
  })

  it('shows a family: its groups, and its known versions or that it has none', async () => {
    const text = await run('show', 'shop', '--catalog', 'test/fixtures/mini')
    expect(text.code).toBe(0)
    expect(text.out).toContain('versions:       none modelled (no per-version check)\n')
    expect(text.out).toContain('  order  2 events: Orders\n')
    const json = JSON.parse((await run('show', 'shop', '--catalog', 'test/fixtures/mini', '--json')).out) as object
    expect(json).toMatchObject({ family: 'shop', events: 3, groups: [{ id: 'order', events: 2 }, { id: 'ping' }] })
    expect(json).not.toHaveProperty('versions')
  })

  it('suggests near names for a missing event', async () => {
    const r = await run('show', 'shop/place', '--catalog', 'test/fixtures/mini')
    expect(r.code).toBe(2)
    expect(r.err).toBe('evcat: no event "place" in family shop; did you mean shop/placed?\n')
  })

  it('every command has --help with an example', async () => {
    for (const command of ['lint', 'list', 'show']) {
      const r = await run(command, '--help')
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/Example/)
    }
  })
})
