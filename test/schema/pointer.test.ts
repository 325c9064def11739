import { describe, expect, it } from 'vitest'
import { childPointer, escapeSegment, pointerSegments, toPointer } from '../../src/schema/pointer.js'

describe('JSON Pointer helpers', () => {
  it('escape ~ before /, so a key holding "~1" survives the round trip', () => {
    expect(escapeSegment('a/b~1c')).toBe('a~1b~01c')
    expect(pointerSegments('/a~1b~01c/0')).toEqual(['a/b~1c', '0'])
  })

  it('join and split are inverse, and the empty pointer is the root', () => {
    const segments = ['metadata', 'we/ird', '~', '', '3']
    expect(pointerSegments(toPointer(segments))).toEqual(segments)
    expect(pointerSegments('')).toEqual([])
    expect(toPointer([])).toBe('')
  })

  it('childPointer appends one escaped segment', () => {
    expect(childPointer('/properties', 'a/b')).toBe('/properties/a~1b')
    expect(childPointer('', 7)).toBe('/7')
  })
})
