import { describe, expect, it } from 'vitest'
import { resolveRef } from '../../src/schema/resolve.js'

describe('resolveRef', () => {
  const definitions = {
    Id: { type: 'string', description: 'an id' },
    Alias: { $ref: '#/definitions/Id', title: 'alias' },
    Loop: { $ref: '#/definitions/Loop' },
    Tree: { type: 'object', properties: { child: { $ref: '#/definitions/Tree' } } },
  }

  it('returns a node without $ref as it is', () => {
    expect(resolveRef({ type: 'integer' }, definitions)).toEqual({ node: { type: 'integer' }, chain: [] })
  })

  it('follows a chain, and sibling keywords win over the definition', () => {
    const r = resolveRef({ $ref: '#/definitions/Alias', description: 'mine' }, definitions)
    expect(r.node).toEqual({ type: 'string', description: 'mine', title: 'alias' })
    expect(r.name).toBe('Id')
    expect(r.chain).toEqual(['Alias', 'Id'])
    expect(r.stop).toBeUndefined()
  })

  it('stops at a ref that names no definition, keeping the siblings', () => {
    const r = resolveRef({ $ref: '#/definitions/Nope', 'x-since': '5.0' }, definitions)
    expect(r.stop).toEqual({ kind: 'unresolved', ref: '#/definitions/Nope' })
    expect(r.node).toEqual({ 'x-since': '5.0' })
    // Prototype names are not definitions.
    expect(resolveRef({ $ref: '#/definitions/constructor' }, definitions).stop?.kind).toBe('unresolved')
  })

  it('stops on a cycle, also one entered by the caller', () => {
    expect(resolveRef({ $ref: '#/definitions/Loop' }, definitions).stop).toEqual({
      kind: 'cycle',
      ref: '#/definitions/Loop',
    })
    const inner = resolveRef({ $ref: '#/definitions/Tree' }, definitions, ['Tree'])
    expect(inner.stop?.kind).toBe('cycle')
    expect(inner.name).toBe('Tree')
  })
})
