import { describe, expect, it } from 'vitest'
import { knownValuesType } from '../../generators/types/annotate.js'

describe('known values as type hints', () => {
  it.each([
    [{ type: 'string', 'x-known': ['Application instance create'] }, `"Application instance create" | (string & {})`],
    [{ type: ['string', 'null'], 'x-known': ['a', 'b'] }, `"a" | "b" | (string & {}) | null`],
    [{ type: 'integer', 'x-known': [100, 103] }, '100 | 103 | (number & {})'],
    [{ type: 'string', 'x-known': ['a', 1] }, `"a" | (string & {})`],
  ])('offers the known values of an open field and keeps every value valid: %j', (schema, want) => {
    expect(knownValuesType(schema)).toBe(want)
  })

  it.each([
    [{ type: 'string' }],
    [{ type: 'string', 'x-known': [] }],
    [{ type: 'string', enum: ['a'], 'x-known': ['a'] }],
    [{ const: 'a', 'x-known': ['a'] }],
    [{ type: 'object', 'x-known': ['a'] }],
    [{ type: ['string', 'integer'], 'x-known': ['a'] }],
    [{ anyOf: [{ enum: ['a'] }], 'x-known': ['a'] }],
  ])('leaves enforced, unknown or mixed shapes alone: %j', (schema) => {
    expect(knownValuesType(schema)).toBeUndefined()
  })
})
