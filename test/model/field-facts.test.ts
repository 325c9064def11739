import { describe, expect, it } from 'vitest'
import {
  backingText,
  fieldFacts,
  knownText,
  messageFacts,
  ruleText,
  type FactsContext,
} from '../../src/model/field-facts.js'
import { flattenFields } from '../../src/model/fields.js'
import type { JsonSchema } from '../../src/schema/types.js'

const sources = [
  { id: 'code', kind: 'upstream' },
  { id: 'cap', kind: 'capture' },
  { id: 'page', kind: 'seed' },
  { id: 'note', kind: 'reference' },
]
const ctx: FactsContext = { sources, match: { '/kind': 'order' } }

/** Each row as `path: keyword=basis[classes] …`, with versions and known values: compact given/want. */
function facts(schema: JsonSchema, definitions: Record<string, JsonSchema> = {}): string[] {
  return flattenFields(schema, definitions).map((r) => {
    const f = fieldFacts(r, ctx)
    const enforced = f.enforced.map(
      (c) =>
        `${c.keyword}=${c.basis}${c.via === undefined ? '' : `(${c.via}${c.viaAt === undefined ? '' : ` of ${c.viaAt || '/'}`})`}` +
        `[${c.evidence.map((e) => e.class ?? '?').join(',')}]`,
    )
    const known =
      f.known === undefined ? [] : [`known ${f.known.from}${f.known.onlyExamples ? ' (only examples)' : ''}`]
    const versions = f.versions === undefined ? [] : [`versions ${f.versions.text}`]
    return [
      `${r.path}${r.variant.length > 0 ? ` [${r.variant.join(', ')}]` : ''}:`,
      ...enforced,
      ...versions,
      ...known,
    ].join(' ')
  })
}

describe('fieldFacts', () => {
  it("lists a field's constraints with its own evidence (form 1 spread, form 2 per keyword)", () => {
    expect(
      facts({
        type: 'object',
        properties: {
          a: { type: 'integer', minimum: 0, maximum: 9, 'x-evidence': ['code a.go:1', 'cap'] },
          b: { type: 'string', pattern: '^x', format: 'uuid', 'x-evidence': { pattern: 'page l.2', format: 'code' } },
          c: { type: 'string' },
        },
      }),
    ).toEqual([
      'a: minimum=own[code,capture] maximum=own[code,capture]',
      'b: pattern=own[statement] format=own[code]',
      'c:',
    ])
  })

  it("backs required by the parent's evidence for required, on each required field's row", () => {
    expect(
      facts({
        type: 'object',
        required: ['a', 'b'],
        properties: { a: { type: 'string' }, b: { type: 'object', required: ['c'], properties: { c: {} } } },
        'x-evidence': { required: 'cap line 3' },
      }),
    ).toEqual(['a: required=own[capture]', 'b: required=own[capture]', 'b.c: required=composed[]'])
  })

  it('backs what sits inside a choice by the nearest choice whose evidence names it, and says which', () => {
    const schema = {
      type: 'object',
      properties: {
        level: {
          type: 'string',
          anyOf: [
            { enum: ['a'], 'x-since': '5.0' },
            { oneOf: [{ const: 'b' }, { const: 'c', 'x-evidence': 'code own.go' }], 'x-versions': '<5.0' },
          ],
          'x-evidence': { anyOf: 'code level.go:31' },
        },
      },
      allOf: [{ required: ['level'], properties: { level: { const: 'a' } } }],
      'x-evidence': { allOf: 'page l.9' },
    }
    expect(facts(schema)).toEqual([
      'level: anyOf=own[code]',
      'level [anyOf 1/2]: enum=choice(anyOf of level)[code] versions since 5.0',
      'level [anyOf 2/2]: oneOf=choice(anyOf of level)[code] versions <5.0',
      'level [anyOf 2/2, oneOf 1/2]: const=choice(anyOf of level)[code]',
      'level [anyOf 2/2, oneOf 2/2]: const=own[code]',
      ' [allOf 1/1]:',
      'level [allOf 1/1]: required=choice(allOf of /)[statement] const=choice(allOf of /)[statement]',
    ])
    expect(messageFacts(schema, ctx).map((c) => `${c.keyword} ${backingText(c)}`)).toEqual(['allOf statement page l.9'])
  })

  it('calls a discriminator value and a required part that no evidence backs composed, never unbacked', () => {
    expect(
      facts({
        type: 'object',
        required: ['kind', 'data'],
        properties: { kind: { type: 'string', const: 'order' }, data: { type: 'object' }, other: { const: 1 } },
      }),
    ).toEqual([
      'kind: required=composed[] const=composed(discriminator)[]',
      'data: required=composed[]',
      'other: const=composed[]',
    ])
  })

  it('says where known values come from, and whether only page examples show them', () => {
    expect(
      facts({
        type: 'object',
        properties: {
          a: { type: 'string', 'x-known': ['x'], 'x-evidence': { 'x-known': 'example page l.7' } },
          b: { type: 'string', 'x-known': ['x'], 'x-evidence': { 'x-known': ['example page l.7', 'page l.8'] } },
          c: { type: 'string', 'x-known': ['x'], 'x-evidence': 'cap line 4' },
          d: { type: 'string', 'x-known': ['x'] },
        },
      }),
    ).toEqual([
      'a: known page examples (only examples)',
      'b: known page examples, page statements',
      'c: known captures',
      'd: known no source cited',
    ])
  })

  it('words field versions for people: since, until, ranges', () => {
    expect(
      facts({
        type: 'object',
        properties: {
          a: { 'x-since': '4.16' },
          b: { 'x-until': '4.24' },
          c: { 'x-since': '4.0.7', 'x-until': '4.24' },
          d: { 'x-versions': '>=5.0.2 <5.1 || >=5.6' },
        },
      }),
    ).toEqual([
      'a: versions since 4.16',
      'b: versions until 4.24',
      'c: versions 4.0.7 to 4.24',
      'd: versions >=5.0.2 <5.1 or since 5.6',
    ])
  })
})

describe('ruleText, backingText, knownText', () => {
  const cases: [JsonSchema, string, string][] = [
    [{ const: 'a' }, 'const', 'always "a"'],
    [{ enum: [1, null, 'x'] }, 'enum', 'one of 1, null, "x"'],
    [{ pattern: '^a$' }, 'pattern', 'pattern ^a$'],
    [{ minimum: 0 }, 'minimum', '>= 0'],
    [{ exclusiveMaximum: 10 }, 'exclusiveMaximum', '< 10'],
    [{ maxProperties: 0 }, 'maxProperties', 'keys <= 0'],
    [{ additionalProperties: false }, 'additionalProperties', 'no other keys'],
    [{ oneOf: [{}, {}, {}] }, 'oneOf', 'exactly one of 3 shapes'],
    [
      { 'x-count-equals': { count: 'val', items: 'metadata' } },
      'x-count-equals',
      'val equals the number of items in metadata',
    ],
    [{ dependencies: {} }, 'dependencies', 'dependencies'],
  ]
  it.each(cases)('%j %s', (node, keyword, want) => {
    expect(ruleText(node, keyword)).toBe(want)
  })

  it('writes backing and known values as plain text', () => {
    const [row] = flattenFields(
      {
        type: 'object',
        properties: {
          m: {
            type: 'string',
            enum: ['a'],
            'x-known': ['a', 'b'],
            'x-evidence': { enum: ['code a.go:1', 'nobody x'], 'x-known': 'example page l.2' },
          },
        },
      },
      {},
    )
    const f = fieldFacts(row!, ctx)
    expect(f.enforced.map(backingText)).toEqual(['code code a.go:1; unknown source nobody x'])
    expect(knownText(f.known!)).toBe('"a", "b" (others possible; not enforced; only from page examples: page l.2)')
  })
})
