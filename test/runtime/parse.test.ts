import { describe, expect, it } from 'vitest'
import { parseExact } from '../../src/runtime/parse.js'
import { stringifyExact } from '../../src/runtime/json.js'
import { isExactDateTime } from '../../src/runtime/date-time.js'

describe('parseExact', () => {
  it('keeps integers beyond 2^53 exact, as bigints, and leaves the rest as JSON.parse would', () => {
    const v = parseExact('{"id":1234567890123456789,"small":5,"neg":-9223372036854775808,"f":1.5,"e":12345678901234567e2,"s":"12345678901234567890"}')
    expect(v).toEqual({ id: 1234567890123456789n, small: 5, neg: -9223372036854775808n, f: 1.5, e: 1.2345678901234568e18, s: '12345678901234567890' })
  })

  it('does not touch digits inside strings, even with escaped quotes before them', () => {
    expect(parseExact('{"a":"x\\"12345678901234567890","b":12345678901234567890}')).toEqual({ a: 'x"12345678901234567890', b: 12345678901234567890n })
  })

  it('keeps a 16-digit safe integer a number', () => {
    expect(parseExact('[1234567890123456]')).toEqual([1234567890123456])
  })

  it('refuses, rather than corrupts, input whose string spells the internal marker', () => {
    expect(() => parseExact('{"a":"\\u0000evcat-bigint:5","b":12345678901234567890}')).toThrow(/cannot be read exactly/)
  })

  it('throws SyntaxError on broken JSON, like JSON.parse', () => {
    expect(() => parseExact('{"a":12345678901234567890')).toThrow(SyntaxError)
  })

  it('round-trips through stringifyExact digit for digit', () => {
    const text = '{"id":1234567890123456789,"ids":[9007199254740993,1],"s":"\\u0000x"}'
    expect(stringifyExact(parseExact(text))).toBe(text)
  })
})

describe('isExactDateTime', () => {
  it.each([
    ['2026-11-23T12:25:35.280720364Z', true],
    ['2021-02-24T19:00:45.452649098-05:00', true],
    ['2021-03-14T00:00:00Z', true],
    ['2024-02-29T23:59:60+14:00', true],
    ['2025-02-29T00:00:00Z', false],
    ['2025-02-31T00:00:00Z', false],
    ['2025-13-01T00:00:00Z', false],
    ['2025-01-01T24:00:00Z', false],
    ['2025-01-01 00:00:00Z', false],
    ['2025-01-01T00:00:00', false],
    ['2025-01-01T00:00:00+0500', false],
    ['2025-01-01', false],
  ])('%s → %s', (value, ok) => expect(isExactDateTime(value)).toBe(ok))
})
