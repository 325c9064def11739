import { describe, expect, it } from 'vitest'
import { evidenceEntries, mergedEvidence, nodeEvidence, parseEvidenceRef, refText } from '../../src/schema/evidence.js'
import { mergeSchema } from '../../src/schema/merge.js'

const sources = [
  { id: 'code', kind: 'upstream' },
  { id: 'cap', kind: 'capture' },
  { id: 'page', kind: 'seed' },
  { id: 'web', kind: 'docs' },
  { id: 'note', kind: 'reference' },
]

describe('parseEvidenceRef: [example ]<source-id>[ <where>]', () => {
  const cases: [string, object][] = [
    [
      'code shared/api/status_code.go:8-26',
      { source: 'code', where: 'shared/api/status_code.go:8-26', example: false },
    ],
    ['example page l.77', { source: 'page', where: 'l.77', example: true }],
    ['cap', { source: 'cap', example: false }],
    ['  lxd-5.0.2   a.go:1 (why)  ', { source: 'lxd-5.0.2', where: 'a.go:1 (why)', example: false }],
    ['Code x', { example: false }],
    ['example', { source: 'example', example: false }],
  ]
  it.each(cases)('%j', (text, want) => {
    expect(parseEvidenceRef(text)).toEqual({ text, ...want })
  })

  it('writes a reference back as one line, keeping the example mark', () => {
    expect(refText(parseEvidenceRef('example  page  l.7'))).toBe('example page l.7')
    expect(refText(parseEvidenceRef('code'))).toBe('code')
  })
})

describe('evidenceEntries', () => {
  it('reads form 1 (one or a list) and form 2 (keyword → one or a list), with where each is written', () => {
    expect(evidenceEntries('code a').map((e) => [e.keyword, e.ref.source, e.at])).toEqual([[undefined, 'code', []]])
    expect(evidenceEntries(['code a', 7, 'cap']).map((e) => [e.ref.source, e.at])).toEqual([
      ['code', ['0']],
      ['cap', ['2']],
    ])
    expect(
      evidenceEntries({ required: 'cap l.3', allOf: ['code b', 'page'] }).map((e) => [e.keyword, e.ref.source, e.at]),
    ).toEqual([
      ['required', 'cap', ['required']],
      ['allOf', 'code', ['allOf', '0']],
      ['allOf', 'page', ['allOf', '1']],
    ])
    expect(evidenceEntries(null)).toEqual([])
  })
})

describe('nodeEvidence', () => {
  const classes = (node: object) =>
    Object.fromEntries([...(nodeEvidence(node, sources) ?? [])].map(([k, refs]) => [k, refs.map((r) => r.class)]))

  it('spreads form 1 over the narrowing keywords of the node, and classifies by the source kind', () => {
    expect(
      classes({ type: 'integer', enum: [1], minimum: 0, 'x-evidence': ['code a.go:1', 'example page l.2'] }),
    ).toEqual({ enum: ['code', 'example'], minimum: ['code', 'example'] })
  })

  it('keeps form 2 as written; a page statement, a docs page, a capture and a note each have their class', () => {
    expect(
      classes({
        required: ['a'],
        allOf: [],
        pattern: 'x',
        format: 'uuid',
        'x-evidence': { required: 'cap line 3', allOf: ['page'], pattern: 'web', format: 'note x' },
      }),
    ).toEqual({ required: ['capture'], allOf: ['statement'], pattern: ['statement'], format: ['note'] })
  })

  it('gives form 1 on a node with only known values to x-known; an unknown source has no class', () => {
    expect(classes({ type: 'string', 'x-known': ['a'], 'x-evidence': 'example page l.1' })).toEqual({
      'x-known': ['example'],
    })
    expect(classes({ const: 1, 'x-evidence': 'nobody y' })).toEqual({ const: [undefined] })
    expect(nodeEvidence({ type: 'string' }, sources)).toBeUndefined()
  })

  it('does not count additionalProperties: true, an empty required or uniqueItems: false as narrowing', () => {
    expect(
      classes({ additionalProperties: true, required: [], uniqueItems: false, const: 1, 'x-evidence': 'code' }),
    ).toEqual({ const: ['code'] })
  })
})

describe('mergedEvidence (mergeSchema keeps evidence with the keywords it backs)', () => {
  it('returns the evidence as written when the merge changes nothing it backs', () => {
    const a = { type: 'object', properties: {} }
    const b = { enum: ['x'], 'x-evidence': 'code b.go' }
    expect(mergeSchema(a, b)['x-evidence']).toBe('code b.go')
    expect(mergedEvidence({ enum: [1], 'x-evidence': 'code a' }, { description: 'd' }, { enum: [1] })).toBe('code a')
  })

  it("keeps each side's keywords with their own references, and joins them for required", () => {
    const a = { required: ['id'], enum: ['a'], 'x-evidence': 'code a.go:1' }
    const b = { required: ['name'], pattern: '^x', 'x-evidence': 'cap l.2' }
    expect(mergeSchema(a, b)).toEqual({
      required: ['id', 'name'],
      enum: ['a'],
      pattern: '^x',
      'x-evidence': { required: ['code a.go:1', 'cap l.2'], enum: ['code a.go:1'], pattern: ['cap l.2'] },
    })
  })

  it("does not lend one side's evidence to the other side's unbacked keywords (a composed discriminator const)", () => {
    expect(mergeSchema({ type: 'string', enum: ['a', 'b'], 'x-evidence': 'code t.go' }, { const: 'a' })).toEqual({
      type: 'string',
      enum: ['a', 'b'],
      const: 'a',
      'x-evidence': { enum: ['code t.go'] },
    })
    expect(mergeSchema({ minimum: 0 }, { maximum: 9, 'x-evidence': 'code m' })['x-evidence']).toEqual({
      maximum: ['code m'],
    })
  })

  it("drops a's references for a keyword b replaces", () => {
    const merged = mergeSchema({ enum: [1, 2], 'x-evidence': { enum: 'page' } }, { enum: [1], 'x-evidence': 'code' })
    expect(merged['x-evidence']).toBe('code')
  })
})
