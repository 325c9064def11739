import { describe, expect, it } from 'vitest'
import { definitionName, reachableDefinitions } from '../../src/schema/refs.js'

describe('reachableDefinitions', () => {
  const definitions = {
    A: { type: 'object', properties: { b: { $ref: '#/definitions/B' } } },
    B: { type: 'array', items: { $ref: '#/definitions/C' } },
    C: { type: 'string' },
    D: { type: 'integer' },
    E: { $ref: '#/definitions/E' },
  }

  it('follows refs transitively and keeps the family order', () => {
    const schema = { anyOf: [{ $ref: '#/definitions/C' }, { $ref: '#/definitions/A' }] }
    expect(Object.keys(reachableDefinitions(schema, definitions))).toEqual(['A', 'B', 'C'])
  })

  it('stops on cycles, ignores unknown names and refs inside const', () => {
    const schema = {
      properties: {
        e: { $ref: '#/definitions/E' },
        x: { $ref: '#/definitions/Nope' },
        k: { const: { $ref: '#/definitions/D' } },
      },
    }
    expect(Object.keys(reachableDefinitions(schema, definitions))).toEqual(['E'])
  })

  it('returns nothing for a schema without refs', () => {
    expect(reachableDefinitions({ type: 'object' }, definitions)).toEqual({})
  })
})

describe('definitionName', () => {
  it('names the fragment of a #/definitions/X ref, and nothing else', () => {
    expect(definitionName('#/definitions/Money')).toBe('Money')
    expect(definitionName('#/definitions/')).toBeUndefined()
    expect(definitionName('#/definitions/A/properties/b')).toBeUndefined()
    expect(definitionName('other.json#/definitions/A')).toBeUndefined()
    expect(definitionName('#/properties/a')).toBeUndefined()
  })
})
