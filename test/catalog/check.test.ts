import { describe, expect, it } from 'vitest'
import { checkCatalog } from '../../src/catalog/check.js'
import type { DiagnosticCode } from '../../src/errors.js'
import { miniCatalog, miniWith } from '../helpers.js'

interface Case {
  readonly code: DiagnosticCode
  readonly patch: Record<string, string | undefined>
  readonly file: string
  readonly line: number
  readonly column: number
  readonly message: string
}

const cases: Case[] = [
  {
    code: 'yaml-syntax',
    patch: miniWith('shop/ping.yaml', 'summary: A keep-alive.', 'summary: [unclosed'),
    file: 'shop/ping.yaml',
    line: 5,
    column: 5,
    message: 'malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    code: 'unexpected-file',
    patch: { 'shop/deep/x.yaml': 'group: order\n' },
    file: 'shop/deep/x.yaml',
    line: 1,
    column: 1,
    message: '"shop/deep/x.yaml" is not where catalog files go',
  },
  {
    code: 'missing-file',
    patch: { 'catalog.yaml': undefined },
    file: 'catalog.yaml',
    line: 1,
    column: 1,
    message: 'the catalog has no catalog.yaml',
  },
  {
    code: 'unknown-key',
    patch: miniWith('shop/ping.yaml', '    summary: A keep-alive.', '    summary: A keep-alive.\n    sumary: typo'),
    file: 'shop/ping.yaml',
    line: 5,
    column: 5,
    message: 'unknown key "sumary" at /events/0',
  },
  {
    code: 'missing-key',
    patch: miniWith('shop/ping.yaml', '    summary: A keep-alive.\n', ''),
    file: 'shop/ping.yaml',
    line: 3,
    column: 5,
    message: 'missing required key "summary" at /events/0',
  },
  {
    code: 'invalid-value',
    patch: miniWith('shop/family.yaml', 'kind: in-process', 'kind: carrier-pigeon'),
    file: 'shop/family.yaml',
    line: 4,
    column: 20,
    message: 'at /transport/kind: must be equal to one of the allowed values',
  },
  {
    code: 'family-mismatch',
    patch: miniWith('shop/family.yaml', 'family: shop', 'family: store'),
    file: 'shop/family.yaml',
    line: 1,
    column: 9,
    message: 'family "store" is declared in folder "shop"',
  },
  {
    code: 'missing-family',
    patch: { 'cafe/menu.yaml': 'group: drinks\nevents:\n  - { name: tea, summary: Tea., sources: [x] }\n' },
    file: 'cafe/menu.yaml',
    line: 1,
    column: 1,
    message: 'folder "cafe" has group files but no family.yaml',
  },
  {
    code: 'unknown-group',
    patch: miniWith('shop/ping.yaml', 'group: ping', 'group: pong'),
    file: 'shop/ping.yaml',
    line: 1,
    column: 8,
    message: 'group "pong" is not declared in shop/family.yaml',
  },
  {
    code: 'duplicate-event',
    patch: miniWith('shop/order.yaml', '  - name: cancelled', '  - name: placed'),
    file: 'shop/order.yaml',
    line: 20,
    column: 11,
    message: 'event "placed" is defined twice in family shop (first at shop/order.yaml:3)',
  },
  {
    code: 'ambiguous-discriminator',
    patch: miniWith('shop/order.yaml', '  - name: cancelled\n', '  - name: cancelled\n    value: placed\n'),
    file: 'shop/order.yaml',
    line: 20,
    column: 5,
    message: 'events "placed" and "cancelled" cannot be told apart: both match /kind="order", /action="placed"',
  },
  {
    code: 'invalid-match',
    patch: miniWith('shop/ping.yaml', '    sources: [code]', '    sources: [code]\n    match: { /other: x }'),
    file: 'shop/ping.yaml',
    line: 3,
    column: 5,
    message: 'event "ping" matches on /other, which is not a prefix of the discriminator [/kind, /action]',
  },
  {
    code: 'unknown-ref',
    patch: miniWith('shop/order.yaml', '#/definitions/Money', '#/definitions/Mony'),
    file: 'shop/order.yaml',
    line: 12,
    column: 24,
    message: 'unresolved $ref "#/definitions/Mony"',
  },
  {
    code: 'invalid-schema',
    patch: miniWith('shop/order.yaml', '      required: [total]', '      required: total'),
    file: 'shop/order.yaml',
    line: 10,
    column: 17,
    message: 'not a valid schema: /required must be array',
  },
  {
    code: 'invalid-schema',
    patch: miniWith(
      'shop/order.yaml',
      '        total: { $ref: "#/definitions/Money" }',
      '        total: { typ: string }',
    ),
    file: 'shop/order.yaml',
    line: 12,
    column: 18,
    message: 'not a valid schema: strict mode: unknown keyword: "typ"',
  },
  {
    code: 'unknown-source',
    patch: miniWith('shop/ping.yaml', 'sources: [code]', 'sources: [code, blog]'),
    file: 'shop/ping.yaml',
    line: 5,
    column: 21,
    message: 'source "blog" is not declared in shop/family.yaml',
  },
  {
    code: 'versioned-required',
    patch: miniWith('shop/family.yaml', 'required: [amount]', 'required: [amount, currency]'),
    file: 'shop/family.yaml',
    line: 20,
    column: 24,
    message: 'field "currency" is required but only sent since 2.0',
  },
  {
    code: 'invalid-example',
    patch: miniWith(
      'shop/order.yaml',
      'data: { total: { amount: 5 } } }\n      - source: page',
      'data: { total: { amount: "5" } } }\n      - source: page',
    ),
    file: 'shop/order.yaml',
    line: 16,
    column: 16,
    message: "wire example does not match the event's schema: /data/total/amount must be integer",
  },
  {
    code: 'invalid-example',
    patch: miniWith('shop/order.yaml', 'at: "2024-01-02", data', 'at: "2024-01-02T00:00:00Z", data'),
    file: 'shop/order.yaml',
    line: 19,
    column: 16,
    message: 'example marked wire: false (a shape the server never sends) passes the schema',
  },
]

describe('checkCatalog', () => {
  it('accepts the mini catalog with no diagnostics', () => {
    const result = checkCatalog(miniCatalog())
    expect(result.diagnostics).toEqual([])
    expect(result.catalog?.families.map((f) => f.events.map((e) => e.name))).toEqual([['placed', 'cancelled', 'ping']])
  })

  it.each(cases)('reports $code at $file:$line:$column', (c) => {
    const result = checkCatalog(miniCatalog(c.patch))
    expect(result.catalog).toBeUndefined()
    const found = result.diagnostics.filter((d) => d.code === c.code)
    expect(
      found.map((d) => ({
        file: d.location.file,
        line: d.location.line,
        column: d.location.column,
        message: d.message,
      })),
    ).toEqual([{ file: c.file, line: c.line, column: c.column, message: c.message }])
    expect(found[0]!.hint).toMatch(/\S/)
  })

  it('covers every diagnostic code except name-collision (a model check, tested in model/names)', async () => {
    const source = await import('node:fs').then((fs) => fs.readFileSync('src/errors.ts', 'utf8'))
    const declared = [...source.matchAll(/^ {2}\| '([a-z-]+)'/gm)].map((m) => m[1])
    const tested = new Set(cases.map((c) => c.code))
    expect(declared.filter((code) => !tested.has(code as DiagnosticCode))).toEqual(['name-collision'])
  })

  it('reports every problem at once, not just the first', () => {
    const patch = {
      ...miniWith('shop/ping.yaml', 'sources: [code]', 'sources: [blog]'),
      ...miniWith('shop/order.yaml', '#/definitions/Money', '#/definitions/Mony'),
    }
    const codes = checkCatalog(miniCatalog(patch)).diagnostics.map((d) => d.code)
    expect(codes).toEqual(['unknown-ref', 'unknown-source'])
  })
})

describe('unknown sources in the family file', () => {
  it('are reported for x-source in shared definitions', () => {
    const patch = miniWith(
      'shop/family.yaml',
      '      currency: { type: string, x-since: "2.0" }',
      '      currency: { type: string, x-since: "2.0", x-source: [blog] }',
    )
    const found = checkCatalog(miniCatalog(patch)).diagnostics
    expect(found.map((d) => [d.code, d.location.file, d.location.line, d.location.column, d.message])).toEqual([
      ['unknown-source', 'shop/family.yaml', 23, 60, 'source "blog" is not declared in shop/family.yaml'],
    ])
  })
})

describe('shared definitions', () => {
  it('are compiled strictly in family.yaml, so a bad keyword is blamed there', () => {
    const patch = miniWith(
      'shop/family.yaml',
      '      amount: { type: integer }',
      '      amount: { type: integer, minimun: 0 }',
    )
    const found = checkCatalog(miniCatalog(patch)).diagnostics
    expect(found.map((d) => [d.code, d.location.file, d.location.line, d.message])).toEqual([
      ['invalid-schema', 'shop/family.yaml', 22, 'not a valid schema: strict mode: unknown keyword: "minimun"'],
    ])
  })
})
