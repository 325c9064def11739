import { describe, expect, it } from 'vitest'
import { parseVersion } from '../../src/runtime/version.js'
import { projectSchema } from '../../src/schema/project.js'

const at = (v: string) => parseVersion(v)!

// LXD instance-created's context: no keys before 5.0.1/5.5, {type} at 5.0.1 and 5.5, storage-pool from 5.0.2 and 5.6.
const context = {
  type: 'object',
  required: ['type', 'storage-pool'],
  properties: {
    type: { type: 'string', 'x-versions': '>=5.0.1 <5.1 || >=5.5' },
    'storage-pool': { type: 'string', 'x-versions': '>=5.0.2 <5.1 || >=5.6' },
    location: { type: 'string', 'x-since': '5.11' },
  },
}

describe('projectSchema', () => {
  it('keeps every field for any version, but requires none that some version omits', () => {
    const any = projectSchema(context, 'any')
    expect(Object.keys(any['properties'] as object)).toEqual(['type', 'storage-pool', 'location'])
    expect(any['required']).toEqual([])
  })

  it('removes the fields a version never sends, and requires the ones it always sends', () => {
    expect(projectSchema(context, at('5.4'))).toMatchObject({ required: [], properties: {} })
    const v501 = projectSchema(context, at('5.0.1'))
    expect(v501['required']).toEqual(['type'])
    expect(Object.keys(v501['properties'] as object)).toEqual(['type'])
    const v502 = projectSchema(context, at('5.0.2'))
    expect(v502['required']).toEqual(['type', 'storage-pool'])
    expect(Object.keys(v502['properties'] as object)).toEqual(['type', 'storage-pool'])
    const v512 = projectSchema(context, at('5.12'))
    expect(Object.keys(v512['properties'] as object)).toEqual(['type', 'storage-pool', 'location'])
    expect(v512['required']).toEqual(['type', 'storage-pool'])
  })

  it('keeps only the branches of a choice that the version sends', () => {
    const level = {
      type: 'string',
      anyOf: [
        { enum: ['panic', 'fatal', 'error', 'warning', 'info', 'debug', 'trace'], 'x-since': '5.0' },
        { enum: ['dbug', 'info', 'warn', 'eror', 'crit'], 'x-versions': '<5.0' },
      ],
    }
    expect((projectSchema(level, at('5.0.2'))['anyOf'] as unknown[]).length).toBe(1)
    expect(projectSchema(level, at('4.16'))['anyOf']).toEqual([level.anyOf[1]])
    expect(projectSchema(level, 'any')['anyOf']).toEqual(level.anyOf)
    // No branch left: nothing is valid in that version.
    expect(projectSchema({ oneOf: [{ const: 1, 'x-since': '6.0' }] }, at('5.0'))['oneOf']).toEqual([false])
  })

  it('projects nested schemas, leaves data alone and never mutates its input', () => {
    const schema = {
      type: 'object',
      properties: { metadata: { type: 'object', required: ['a'], properties: { a: { 'x-since': '6.0' } } } },
      definitions: { X: { type: 'object', required: ['b'], properties: { b: { 'x-until': '4.24' } } } },
      allOf: [{ if: { properties: { a: { const: 1 } } }, then: { required: ['a'] } }],
      enum: [{ 'x-since': '9.0' }],
    }
    const frozen = JSON.stringify(schema)
    const out = projectSchema(schema, at('5.0'))
    expect(JSON.stringify(schema)).toBe(frozen)
    expect(out['properties']).toEqual({ metadata: { type: 'object', required: [], properties: {} } })
    expect(out['definitions']).toEqual({ X: { type: 'object', required: [], properties: {} } })
    expect(out['enum']).toEqual(schema.enum)
    expect(out['allOf']).toEqual(schema.allOf)
  })
})
