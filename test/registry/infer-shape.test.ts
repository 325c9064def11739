import { describe, expect, it } from 'vitest'
import { inferSchema } from '../../src/registry/infer/shape.js'
import { withEvidence } from '../../src/registry/infer/evidence.js'
import { widen } from '../../src/registry/infer/widen.js'
import { Rekey, SetValue } from '../../src/registry/infer/yaml-edit.js'

const times = (n: number, v: unknown) => Array.from({ length: n }, () => v)

describe('inference rules', () => {
  it('requires a field only when every sample has it', () => {
    const { schema } = inferSchema([{ a: 1, b: 'x' }, { a: 2 }])
    expect(schema).toEqual({
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'integer' }, b: { type: 'string' } },
    })
  })

  it('merges types across samples: integer and fraction give number, null makes it nullable', () => {
    expect(inferSchema([1, 2.5]).schema).toEqual({ type: 'number' })
    expect(inferSchema(['a', null]).schema).toEqual({ type: ['string', 'null'] })
    expect(inferSchema([1, 'a']).schema).toEqual({ type: ['string', 'integer'] })
  })

  it('enforces a string list only with few values against many samples, and says why', () => {
    const many = inferSchema([...times(600, 'a'), ...times(600, 'b'), ...times(1, 'c')], '/t')
    expect(many.schema).toEqual({ type: 'string', enum: ['a', 'b', 'c'] })
    expect(many.reasons).toEqual(['/t: enum (3 values in 1,201 samples)'])
    const few = inferSchema(['a', 'b', 'a', 'b'], '/t')
    expect(few.schema).toEqual({ type: 'string', 'x-known': ['a', 'b'] })
    expect(few.reasons).toEqual(['/t: x-known, not enforced (2 values in 4 samples)'])
    // One value, however often: a hint, since the capture never varied it.
    expect(inferSchema(times(500, 'none')).schema).toEqual({ type: 'string', 'x-known': ['none'] })
    // Every value different: no list at all.
    expect(inferSchema(['a', 'b', 'c']).schema).toEqual({ type: 'string' })
  })

  it('proposes a format only when every sample has it', () => {
    expect(inferSchema(['2024-01-02T03:04:05.5Z', '2024-01-02T03:04:05+02:00']).schema).toEqual({
      type: 'string',
      format: 'date-time',
    })
    expect(inferSchema(['2024-01-02T03:04:05Z', 'yesterday']).schema).toEqual({ type: 'string' })
    expect(inferSchema(['0b1e6c4e-7a53-4f38-9d3c-1c1a3d4c2b1a']).schema).toEqual({ type: 'string', format: 'uuid' })
  })

  it('keeps a 19-digit id exact', () => {
    const r = inferSchema([1234567890123456789n, 7], '/id')
    expect(r.schema).toEqual({ type: 'integer', 'x-bigint': true })
    expect(r.reasons).toEqual(['/id: integers beyond 2^53, kept exact (x-bigint)'])
  })

  it('infers array items and maps keyed by data', () => {
    expect(inferSchema([['a'], ['b', 'c']]).schema).toEqual({ type: 'array', items: { type: 'string' } })
    const maps = Array.from({ length: 20 }, (_, i) => ({ [`/1.0/instances/c${i}`]: ['x'] }))
    expect(inferSchema(maps).schema).toEqual({
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string', 'x-known': ['x'] } },
    })
  })
})

describe('issue #11 keys in proposals and projections', () => {
  it('puts x-evidence on every proposed node with a narrowing keyword', () => {
    const schema = {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'string', format: 'uuid' }, b: { type: 'string', 'x-known': ['x'] } },
    }
    expect(withEvidence(schema, ['capture-1 lines 3, 4 (2 records)'])).toEqual({
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'string', format: 'uuid', 'x-evidence': 'capture-1 lines 3, 4 (2 records)' },
        b: { type: 'string', 'x-known': ['x'] },
      },
      'x-evidence': 'capture-1 lines 3, 4 (2 records)',
    })
  })

  it('widens a version range to a version a capture shows (--server), claiming no version between', () => {
    expect(widen({ since: '5.19' }, '5.0.2', 'x-')).toEqual({ 'x-since': new Rekey('x-versions', '>=5.19 || 5.0.2') })
    expect(widen({ until: '4.0' }, '4.16', '')).toEqual({ until: new Rekey('versions', '<=4.0 || 4.16') })
    expect(widen({ versions: '>=5.6' }, '5.0.2', 'x-')).toEqual({ 'x-versions': new SetValue('>=5.6 || 5.0.2') })
    // Both bounds: the nearer one moves.
    expect(widen({ since: '5.19', until: '6.2' }, '5.0.2', '')).toEqual({ since: new SetValue('5.0.2') })
    expect(widen({ since: '4.16', until: '5.0' }, '5.6', '')).toEqual({ until: new SetValue('5.6') })
  })
})
