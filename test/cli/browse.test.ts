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
