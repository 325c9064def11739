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
    line: 21,
    column: 11,
    message: 'event "placed" is defined twice in family shop (first at shop/order.yaml:3)',
  },
  {
    code: 'ambiguous-discriminator',
    patch: miniWith('shop/order.yaml', '  - name: cancelled\n', '  - name: cancelled\n    value: placed\n'),
    file: 'shop/order.yaml',
    line: 21,
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
    code: 'unbacked-constraint',
    patch: miniWith('shop/order.yaml', '      x-evidence: code order.go:20\n', ''),
    file: 'shop/order.yaml',
    line: 10,
    column: 7,
    message: '"required" has no evidence',
  },
  {
    code: 'unbacked-constraint',
    patch: {
      ...miniWith(
        'shop/family.yaml',
        '  code: {',
        '  notes: { kind: reference, title: Our notes, file: shop.md }\n  code: {',
      ),
      ...miniWith('shop/order.yaml', 'x-evidence: code order.go:20', 'x-evidence: notes shop.md §2'),
    },
    file: 'shop/order.yaml',
    line: 10,
    column: 7,
    message: '"required" is backed only by reference notes (notes)',
  },
  {
    code: 'example-only-constraint',
    patch: miniWith('shop/order.yaml', 'x-evidence: code order.go:20', 'x-evidence: [example page l.12]'),
    file: 'shop/order.yaml',
    line: 10,
    column: 7,
    message: '"required" is backed only by a page example (page)',
  },
  {
    code: 'invalid-version',
    patch: miniWith(
      'shop/family.yaml',
      'currency: { type: string, x-since: "2.0" }',
      'currency: { type: string, x-since: "2.x" }',
    ),
    file: 'shop/family.yaml',
    line: 24,
    column: 33,
    message: 'x-since "2.x" is not a version',
  },
  {
    code: 'conflicting-versions',
    patch: miniWith(
      'shop/family.yaml',
      'currency: { type: string, x-since: "2.0" }',
      'currency: { type: string, x-since: "2.0", x-versions: ">=2.0 <3" }',
    ),
    file: 'shop/family.yaml',
    line: 24,
    column: 49,
    message: 'x-versions is given together with x-since',
  },
  {
    code: 'misplaced-version',
    patch: miniWith(
      'shop/family.yaml',
      '    x-evidence: code money.go:5',
      '    x-evidence: code money.go:5\n    x-until: "3.0"',
    ),
    file: 'shop/family.yaml',
    line: 26,
    column: 5,
    message: 'x-until here has no effect: versions apply to a property or to a branch of anyOf/oneOf',
  },
  {
    code: 'unknown-version',
    patch: {
      ...miniWith(
        'shop/family.yaml',
        'discriminator: [/kind, /action]',
        'versions: { known: ["1.0", "2.0"] }\ndiscriminator: [/kind, /action]',
      ),
      ...miniWith(
        'shop/order.yaml',
        '      - source: code\n        wire: true',
        '      - source: code\n        wire: true\n        server: "1.5"',
      ),
    },
    file: 'shop/order.yaml',
    line: 17,
    column: 17,
    message: 'example for server "1.5", which is not a known version of shop',
  },
  {
    code: 'unknown-shape',
    patch: miniWith(
      'shop/family.yaml',
      '    at: { type: string, format: date-time, x-evidence: code at.go:3 }',
      '    at: { type: string, format: date-time, x-shape: clock, x-evidence: code at.go:3 }',
    ),
    file: 'shop/family.yaml',
    line: 15,
    column: 53,
    message: 'shape "clock" is not declared in shop/family.yaml',
  },
  {
    code: 'invalid-template',
    patch: miniWith(
      'shop/family.yaml',
      '    kind: { type: string }',
      '    kind: { type: string, x-template: "/kinds/{kind" }',
    ),
    file: 'shop/family.yaml',
    line: 13,
    column: 39,
    message: 'template "/kinds/{kind": "{" at 8 is never closed',
  },
  {
    code: 'template-pattern',
    patch: {
      'shop/family.yaml': miniWith(
        'shop/family.yaml',
        '    kind: { type: string }',
        '    kind: { type: string, x-template: "/kinds/{kind}", pattern: "^/kinds/.*$", x-evidence: code kind.go:3 }',
      )['shop/family.yaml']!.replace(
        'groups:',
        'shapes:\n  kind: { summary: A kind., values: [{ value: order }] }\ngroups:',
      ),
    },
    file: 'shop/family.yaml',
    line: 13,
    column: 65,
    message: 'pattern "^/kinds/.*$" is not the one x-template gives',
  },
  {
    code: 'invalid-pool',
    patch: miniWith(
      'shop/family.yaml',
      '    action: { type: string }',
      '    action: { type: string, x-pool: [{ value: placed, count: 3 }, { value: 7, seen: code action.go:9 }] }',
    ),
    file: 'shop/family.yaml',
    line: 14,
    column: 76,
    message: "pool value 7 is not of the field's type (string)",
  },
  {
    code: 'unknown-event',
    patch: miniWith(
      'shop/family.yaml',
      '    data: { type: object }',
      '    data: { type: object, x-same-as: { event: refunded, at: /data } }',
    ),
    file: 'shop/family.yaml',
    line: 16,
    column: 47,
    message: 'x-same-as names event "refunded", which shop does not have',
  },
  {
    code: 'orphan-evidence',
    patch: miniWith(
      'shop/order.yaml',
      'x-evidence: code order.go:20',
      'x-evidence: { required: code order.go:20, enum: code order.go:21 }',
    ),
    file: 'shop/order.yaml',
    line: 13,
    column: 49,
    message: 'x-evidence names "enum", which this schema node does not have',
  },
  {
    code: 'unknown-source',
    patch: miniWith('shop/order.yaml', 'x-evidence: code order.go:20', 'x-evidence: [code order.go:20, blog 2024-01]'),
    file: 'shop/order.yaml',
    line: 13,
    column: 38,
    message: 'evidence cites source "blog", which is not declared in shop/family.yaml',
  },
  {
    code: 'unknown-source',
    patch: miniWith('shop/family.yaml', 'x-evidence: code money.go:5', 'x-evidence: example code money.go:5'),
    file: 'shop/family.yaml',
    line: 25,
    column: 17,
    message: 'evidence "example code" marks an example, but code is not a page (its kind is upstream)',
  },
  {
    code: 'invalid-example',
    patch: miniWith(
      'shop/order.yaml',
      'data: { total: { amount: 5 } } }\n      - source: page',
      'data: { total: { amount: "5" } } }\n      - source: page',
    ),
    file: 'shop/order.yaml',
    line: 17,
    column: 16,
    message: "wire example does not match the event's schema: /data/total/amount must be integer",
  },
  {
    code: 'invalid-example',
    patch: miniWith('shop/order.yaml', 'at: "2024-01-02", data', 'at: "2024-01-02T00:00:00Z", data'),
    file: 'shop/order.yaml',
    line: 20,
    column: 16,
    message: "example marked wire: false (a shape the server never sends) passes the event's schema",
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
      ['unknown-source', 'shop/family.yaml', 24, 60, 'source "blog" is not declared in shop/family.yaml'],
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
      ['invalid-schema', 'shop/family.yaml', 23, 'not a valid schema: strict mode: unknown keyword: "minimun"'],
    ])
  })
})

describe('evidence rules', () => {
  const codes = (patch: Record<string, string>) =>
    checkCatalog(miniCatalog(patch)).diagnostics.map((d) => [d.code, d.location.line, d.location.column, d.message])

  it("backs the keywords inside a combinator's branches with the combinator's evidence", () => {
    const patch = miniWith(
      'shop/order.yaml',
      '        total: { $ref: "#/definitions/Money" }\n',
      '        total: { $ref: "#/definitions/Money" }\n        state:\n          oneOf: [{ const: open }, { const: shut, x-note: closed }]\n          x-evidence: code state.go:3\n',
    )
    expect(codes(patch)).toEqual([])
    const bare = miniWith(
      'shop/order.yaml',
      '        total: { $ref: "#/definitions/Money" }\n',
      '        total: { $ref: "#/definitions/Money" }\n        state:\n          oneOf: [{ const: open }, { const: shut }]\n',
    )
    expect(codes(bare)).toEqual([['unbacked-constraint', 14, 11, '"oneOf" has no evidence']])
  })

  it('asks evidence for an explicit additionalProperties: false, not for an object closed by default', () => {
    const patch = miniWith(
      'shop/family.yaml',
      '    data: { type: object }',
      '    data: { type: object, additionalProperties: false }',
    )
    expect(codes(patch)).toEqual([['unbacked-constraint', 16, 27, '"additionalProperties" has no evidence']])
    const open = miniWith(
      'shop/family.yaml',
      '    data: { type: object }',
      '    data: { type: object, additionalProperties: true }',
    )
    expect(codes(open)).toEqual([])
  })

  it('accepts a page statement and a capture as evidence, per keyword in the map form', () => {
    const patch = {
      ...miniWith(
        'shop/family.yaml',
        '  code: {',
        '  cap: { kind: capture, title: A capture, server: shop 2.1, file: c.jsonl }\n  code: {',
      ),
      ...miniWith(
        'shop/order.yaml',
        'x-evidence: code order.go:20',
        'x-evidence: { required: [page l.4, cap line 7] }',
      ),
    }
    expect(codes(patch)).toEqual([])
  })
})
