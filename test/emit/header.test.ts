import { describe, expect, it } from 'vitest'
import { normalizeNewlines } from '../../src/emit/header.js'

describe('normalizeNewlines', () => {
  it('ends every text with exactly one newline, and makes every line ending LF', () => {
    expect(normalizeNewlines('')).toBe('\n')
    expect(normalizeNewlines('\n\n\n')).toBe('\n')
    expect(normalizeNewlines('a')).toBe('a\n')
    expect(normalizeNewlines('a\n\n\n')).toBe('a\n')
    expect(normalizeNewlines('a\r\nb\rc\r\n\r\n')).toBe('a\nb\nc\n')
    // Newlines inside the text stay.
    expect(normalizeNewlines('a\n\n\nb\n\n')).toBe('a\n\n\nb\n')
  })

  it('returns a text that already ends with one LF as it is', () => {
    const text = `${'x'.repeat(100)}\n`
    expect(normalizeNewlines(text)).toBe(text)
  })
})
