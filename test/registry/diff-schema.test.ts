import { describe, expect, it } from 'vitest'
import type { JsonSchema } from '../../src/schema/types.js'
import { compareSchemas } from '../../src/registry/diff/schema.js'

const obj = (properties: Record<string, JsonSchema>, required: string[] = [], extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  ...(required.length > 0 ? { required } : {}),
  properties,
  ...extra,
})
const str: JsonSchema = { type: 'string' }
// Known versions of a family with per-version checks; the event is sent by every one.
const KNOWN = { known: ['4.0', '5.0', '5.6', '5.19'] }
const diff = (a: JsonSchema, b: JsonSchema, known = false) =>
  compareSchemas(a, b, { before: {}, after: {}, ...(known ? { versions: { before: KNOWN, after: KNOWN } } : {}) }).map(
    (c) => `${c.rule} ${c.pointer}`,
  )

// given / want: one schema change, the rule and pointer evcat must report for it (`known`: the family lists versions).
const cases: { name: string; a: JsonSchema; b: JsonSchema; want: string[]; known?: boolean }[] = [
  { name: 'no change', a: obj({ x: str }, ['x']), b: obj({ x: str }, ['x']), want: [] },
  { name: 'field removed', a: obj({ x: str, y: str }), b: obj({ x: str }), want: ['field-removed /y'] },
  { name: 'optional field added', a: obj({ x: str }), b: obj({ x: str, y: str }), want: ['field-added /y'] },
  {
    name: 'required field added',
    a: obj({ x: str }),
    b: obj({ x: str, y: str }, ['y']),
    want: ['required-field-added /y'],
  },
  { name: 'field made required', a: obj({ x: str }), b: obj({ x: str }, ['x']), want: ['field-required /x'] },
  { name: 'field made optional', a: obj({ x: str }, ['x']), b: obj({ x: str }), want: ['field-optional /x'] },
  { name: 'type changed', a: obj({ x: str }), b: obj({ x: { type: 'integer' } }), want: ['type-changed /x'] },
  { name: 'nullable', a: obj({ x: str }), b: obj({ x: { type: ['string', 'null'] } }), want: ['type-widened /x'] },
  { name: 'not nullable', a: obj({ x: { type: ['string', 'null'] } }), b: obj({ x: str }), want: ['type-narrowed /x'] },
  {
    name: 'integer to number',
    a: obj({ x: { type: 'integer' } }),
    b: obj({ x: { type: 'number' } }),
    want: ['number-widened /x'],
  },
  {
    name: 'number to integer',
    a: obj({ x: { type: 'number' } }),
    b: obj({ x: { type: 'integer' } }),
    want: ['number-narrowed /x'],
  },
  {
    name: 'big integer',
    a: obj({ x: { type: 'integer' } }),
    b: obj({ x: { type: 'integer', 'x-bigint': true } }),
    want: ['type-widened /x'],
  },
  {
    name: 'enum value added',
    a: obj({ x: { type: 'string', enum: ['a'] } }),
    b: obj({ x: { type: 'string', enum: ['a', 'b'] } }),
    want: ['enum-value-added /x'],
  },
  {
    name: 'enum value removed',
    a: obj({ x: { type: 'string', enum: ['a', 'b'] } }),
    b: obj({ x: { type: 'string', enum: ['a'] } }),
    want: ['enum-value-removed /x'],
  },
  {
    name: 'const changed',
    a: obj({ x: { type: 'string', const: 'a' } }),
    b: obj({ x: { type: 'string', const: 'b' } }),
    want: ['const-changed /x'],
  },
  { name: 'enum added', a: obj({ x: str }), b: obj({ x: { type: 'string', enum: ['a'] } }), want: ['enum-added /x'] },
  {
    name: 'enum removed',
    a: obj({ x: { type: 'string', enum: ['a'] } }),
    b: obj({ x: str }),
    want: ['enum-removed /x'],
  },
  {
    name: 'x-known hint enforced',
    a: obj({ x: { type: 'string', 'x-known': ['a'] } }),
    b: obj({ x: { type: 'string', const: 'a' } }),
    want: ['known-value-enforced /x'],
  },
  {
    name: 'enum relaxed to a hint',
    a: obj({ x: { type: 'string', enum: ['a'] } }),
    b: obj({ x: { type: 'string', 'x-known': ['a'] } }),
    want: ['enum-relaxed-to-known /x'],
  },
  {
    name: 'x-known value added',
    a: obj({ x: { type: 'string', 'x-known': ['a'] } }),
    b: obj({ x: { type: 'string', 'x-known': ['a', 'b'] } }),
    want: ['known-value-added /x'],
  },
  {
    name: 'pattern added',
    a: obj({ x: str }),
    b: obj({ x: { type: 'string', pattern: '^a' } }),
    want: ['pattern-added /x'],
  },
  {
    name: 'pattern changed',
    a: obj({ x: { type: 'string', pattern: '^a' } }),
    b: obj({ x: { type: 'string', pattern: '^b' } }),
    want: ['pattern-changed /x'],
  },
  {
    name: 'format removed',
    a: obj({ x: { type: 'string', format: 'uuid' } }),
    b: obj({ x: str }),
    want: ['format-removed /x'],
  },
  {
    name: 'minimum raised',
    a: obj({ x: { type: 'integer', minimum: 0 } }),
    b: obj({ x: { type: 'integer', minimum: 1 } }),
    want: ['range-narrowed /x'],
  },
  {
    name: 'maxLength raised',
    a: obj({ x: { type: 'string', maxLength: 5 } }),
    b: obj({ x: { type: 'string', maxLength: 9 } }),
    want: ['range-widened /x'],
  },
  {
    name: 'array items',
    a: obj({ x: { type: 'array', items: str } }),
    b: obj({ x: { type: 'array', items: { type: 'integer' } } }),
    want: ['type-changed /x/*'],
  },
  {
    name: 'map values',
    a: obj({ m: { type: 'object', additionalProperties: str } }),
    b: obj({ m: { type: 'object', additionalProperties: { type: ['string', 'null'] } } }),
    want: ['type-widened /m/*'],
  },
  {
    name: 'object opened',
    a: obj({ o: obj({ a: str }) }),
    b: obj({ o: obj({ a: str }, [], { additionalProperties: true }) }),
    want: ['object-opened /o'],
  },
  {
    name: 'object closed',
    a: obj({ o: { type: 'object' } }),
    b: obj({ o: obj({ a: str }) }),
    want: ['field-added /o/a', 'object-closed /o'],
  },
  {
    name: 'union member added',
    a: obj({ x: { anyOf: [str] } }),
    b: obj({ x: { anyOf: [str, { type: 'null' }] } }),
    want: ['union-member-added /x'],
  },
  {
    name: 'union member removed',
    a: obj({ x: { oneOf: [str, { type: 'null' }] } }),
    b: obj({ x: { oneOf: [str] } }),
    want: ['union-member-removed /x'],
  },
  {
    name: 'branch changed in place',
    a: obj({ x: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'integer' }] } }),
    b: obj({
      x: {
        anyOf: [
          { type: 'string', minLength: 2 },
          { type: 'integer', minimum: 0 },
        ],
      },
    }),
    want: ['range-narrowed /x', 'range-narrowed /x'],
  },
  {
    name: 'a value list per version: the values of its branches',
    a: obj({ x: { anyOf: [{ enum: ['a'] }, { enum: ['z'] }] } }),
    b: obj({ x: { anyOf: [{ enum: ['a', 'b'] }, { enum: ['y'] }] } }),
    want: ['enum-value-removed /x', 'enum-value-added /x'],
  },
  {
    name: 'a hint became value lists per version',
    a: obj({ level: { type: 'string', 'x-known': ['info', 'warn'] } }),
    b: obj({
      level: {
        type: 'string',
        anyOf: [
          { enum: ['info'], 'x-since': '5.0' },
          { enum: ['warn'], 'x-versions': '<5.0' },
        ],
      },
    }),
    want: ['known-value-enforced /level'],
  },
  {
    name: 'a value allowed by fewer versions',
    a: obj({ x: { anyOf: [{ enum: ['a', 'b'] }] } }),
    b: obj({ x: { anyOf: [{ enum: ['a'] }, { enum: ['b'], 'x-since': '5.6' }] } }),
    want: ['branch-versions-narrowed /x'],
  },
  {
    name: 'a shape became a choice: the old shape is one branch',
    a: obj({ e: obj({ id: str }, ['id']) }),
    b: obj({ e: { anyOf: [obj({ id: str }, ['id']), { type: 'null' }] } }),
    want: ['union-member-added /e'],
  },
  {
    name: 'allOf of shapes is the one shape a message must have',
    a: obj({ b: obj({ state: { type: 'string', enum: ['running', 'completed'] }, n: str }) }),
    b: obj({
      b: {
        allOf: [
          obj({ state: { type: 'string', enum: ['running', 'completed'] }, n: str }),
          { type: 'object', additionalProperties: true, properties: { state: { const: 'completed' } } },
        ],
      },
    }),
    want: ['enum-value-removed /b/state'],
  },
  {
    name: 'field pairs (anyOf of field conditions) are one condition',
    a: obj({ code: { type: 'integer' }, status: str }),
    b: obj({ code: { type: 'integer' }, status: str }, [], {
      anyOf: [
        { properties: { code: { const: 200 }, status: { const: 'Success' } } },
        { properties: { code: { const: 400 }, status: { const: 'Failure' } } },
      ],
    }),
    want: ['condition-added '],
  },
  {
    name: 'if/then is one condition',
    a: obj({ n: { type: 'integer' } }),
    b: obj({ n: { type: 'integer' } }, [], { if: { properties: { n: { const: 0 } } }, then: { required: ['n'] } }),
    want: ['condition-added '],
  },
  {
    name: 'condition added',
    a: obj({ x: str }),
    b: obj({ x: str }, [], { allOf: [{ if: {}, then: {} }] }),
    want: ['condition-added '],
  },
  {
    name: 'description only',
    a: obj({ x: { type: 'string', description: 'a' } }),
    b: obj({ x: { type: 'string', description: 'b' } }),
    want: ['description-changed /x'],
  },
  {
    name: 'examples only',
    a: obj({ x: { type: 'string', examples: ['a'] } }),
    b: obj({ x: str }),
    want: ['examples-changed /x'],
  },
  {
    name: 'note only',
    a: obj({ x: { type: 'string', 'x-note': 'a' } }),
    b: obj({ x: str }),
    want: ['annotation-changed /x'],
  },
  {
    name: 'unknown keyword',
    a: obj({ x: str }),
    b: obj({ x: { type: 'string', contentEncoding: 'base64' } }),
    want: ['schema-changed /x'],
  },
  // Issue #11: versions on fields and branches, required-in-versions, evidence.
  {
    name: 'x-since raised',
    a: obj({ x: { type: 'string', 'x-since': '5.0' } }),
    b: obj({ x: { type: 'string', 'x-since': '5.19' } }),
    want: ['versions-narrowed /x'],
  },
  {
    name: 'x-since lowered',
    a: obj({ x: { type: 'string', 'x-since': '5.19' } }),
    b: obj({ x: { type: 'string', 'x-since': '4.0' } }),
    want: ['versions-widened /x'],
  },
  {
    name: 'backport range',
    a: obj({ x: { type: 'string', 'x-since': '5.6' } }),
    b: obj({ x: { type: 'string', 'x-versions': '>=5.0.2 <5.1 || >=5.6' } }),
    want: ['versions-widened /x'],
  },
  {
    name: 'same versions respelled',
    a: obj({ x: { type: 'string', 'x-since': '5.0' } }),
    b: obj({ x: { type: 'string', 'x-versions': '>=5.0.0' } }),
    want: ['versions-respelled /x'],
  },
  {
    name: 'branch versions narrowed',
    a: obj({ x: { anyOf: [{ enum: ['a'], 'x-until': '5.0' }] } }),
    b: obj({ x: { anyOf: [{ enum: ['a'], 'x-until': '4.0' }] } }),
    want: ['branch-versions-narrowed /x'],
  },
  {
    name: 'optional to required in its versions',
    a: obj({ p: { type: 'string', 'x-since': '5.6' } }),
    b: obj({ p: { type: 'string', 'x-since': '5.6' } }, ['p']),
    want: ['field-required-in-versions /p'],
    known: true,
  },
  {
    name: 'required in its versions to optional',
    a: obj({ p: { type: 'string', 'x-since': '5.6' } }, ['p']),
    b: obj({ p: { type: 'string', 'x-since': '5.6' } }),
    want: ['field-optional-in-versions /p'],
    known: true,
  },
  {
    name: 'required in more versions',
    a: obj({ p: { type: 'string', 'x-since': '5.6' } }, ['p']),
    b: obj({ p: { type: 'string', 'x-since': '5.0' } }, ['p']),
    want: ['versions-widened /p', 'field-required-in-versions /p'],
    known: true,
  },
  {
    name: 'required in every version: required for the types too',
    a: obj({ p: { type: 'string', 'x-since': '5.6' } }, ['p']),
    b: obj({ p: { type: 'string', 'x-since': '4.0' } }, ['p']),
    want: ['versions-widened /p', 'field-required /p'],
    known: true,
  },
  {
    name: 'a field added that its versions must carry',
    a: obj({}),
    b: obj({ p: { type: 'string', 'x-since': '5.6' } }, ['p']),
    want: ['field-added-required-in-versions /p'],
    known: true,
  },
  {
    name: 'without known versions, version marks are notes and required means required',
    a: obj({ p: { type: 'string', 'x-since': '5.6' } }, ['p']),
    b: obj({ p: { type: 'string', 'x-since': '5.6' } }),
    want: ['field-optional /p'],
  },
  {
    name: 'evidence added to an enforced enum',
    a: obj({ x: { type: 'integer', enum: [1] } }),
    b: obj({ x: { type: 'integer', enum: [1], 'x-evidence': 'lxd-main a.go:1' } }),
    want: ['evidence-added /x'],
  },
  {
    name: 'evidence changed',
    a: obj({ x: { type: 'integer', enum: [1], 'x-evidence': 'a' } }),
    b: obj({ x: { type: 'integer', enum: [1], 'x-evidence': { enum: ['b'] } } }),
    want: ['evidence-changed /x'],
  },
  {
    name: 'example-only hint became enforced',
    a: obj({ m: { type: 'string', 'x-known': ['Hi'], 'x-evidence': { 'x-known': 'example seed l.7' } } }),
    b: obj({ m: { type: 'string', const: 'Hi', 'x-evidence': 'lxd-main m.go:3' } }),
    want: ['evidence-changed /m', 'known-value-enforced /m'],
  },
  { name: 'escaped pointer', a: obj({ 'a/b': str }), b: obj({}), want: ['field-removed /a~1b'] },
]

describe('compareSchemas: one rule per kind of change', () => {
  for (const c of cases) it(c.name, () => expect(diff(c.a, c.b, c.known)).toEqual(c.want))
})

describe('compareSchemas through $ref', () => {
  const defsA = { R: obj({ u: str, a: str }, ['u']) }
  const defsB = { R: obj({ u: str }, ['u']) }
  it("follows refs into each side's definitions, keywords beside the $ref on top", () => {
    const a = obj({ r: { $ref: '#/definitions/R', 'x-since': '4.15' } })
    const b = obj({ r: { $ref: '#/definitions/R', 'x-since': '4.10' } })
    const changes = compareSchemas(a, b, { before: defsA, after: defsB }).map((c) => `${c.rule} ${c.pointer}`)
    expect(changes).toEqual(['versions-widened /r', 'field-removed /r/a'])
  })
  it('stops at a recursive fragment', () => {
    const defs = { T: obj({ child: { $ref: '#/definitions/T' }, v: str }) }
    const defs2 = { T: obj({ child: { $ref: '#/definitions/T' }, v: { type: 'integer' } }) }
    const changes = compareSchemas(
      { $ref: '#/definitions/T' },
      { $ref: '#/definitions/T' },
      { before: defs, after: defs2 },
    )
    expect(changes.map((c) => `${c.rule} ${c.pointer}`)).toEqual(['type-changed /v'])
  })
  it('leaves discriminator values to the event comparison', () => {
    const a = obj({ type: { type: 'string', const: 'a' } })
    const b = obj({ type: { type: 'string', const: 'b' } })
    expect(compareSchemas(a, b, { before: {}, after: {}, skipValues: new Set(['/type']) })).toEqual([])
  })
})
