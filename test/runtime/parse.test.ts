import { describe, expect, it } from 'vitest'
import { parseExact } from '../../src/runtime/parse.js'
import { stringifyExact } from '../../src/runtime/json.js'
import { isExactDateTime } from '../../src/runtime/date-time.js'

describe('parseExact', () => {
  it('keeps integers beyond 2^53 exact, as bigints, and leaves the rest as JSON.parse would', () => {
    const v = parseExact(
      '{"id":1234567890123456789,"small":5,"neg":-9223372036854775808,"f":1.5,"e":12345678901234567e2,"s":"12345678901234567890"}',
    )
    expect(v).toEqual({
      id: 1234567890123456789n,
      small: 5,
      neg: -9223372036854775808n,
      f: 1.5,
      e: 1.2345678901234568e18,
      s: '12345678901234567890',
    })
  })

  it('does not touch digits inside strings, even with escaped quotes before them', () => {
    expect(parseExact('{"a":"x\\"12345678901234567890","b":12345678901234567890}')).toEqual({
      a: 'x"12345678901234567890',
      b: 12345678901234567890n,
    })
  })

  it('reads a fraction or an exponent of 16+ digits as part of its number, as JSON.parse does', () => {
    // Go prints float64 values with up to 17 significant digits: these are floats, never big integers.
    const text =
      '{"a":1.12345678901234567,"b":0.30000000000000004,"c":1.5e-12345678901234567,"d":2E+12345678901234567,"id":12345678901234567890}'
    expect(parseExact(text)).toEqual({ ...JSON.parse(text), id: 12345678901234567890n })
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

describe('fast scans agree with their simple definitions', () => {
  // A seeded generator of digit-heavy strings, where off-by-one mistakes in a skip-scan would show.
  let seed = 7
  const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
  const sample = (): string =>
    Array.from({ length: rnd(60) }, () => (rnd(4) === 0 ? 'a:,"'[rnd(4)] : String(rnd(10)))).join('')

  it('hasLongDigitRun(s) === /\\d{16}/.test(s) on 20000 strings', async () => {
    const { hasLongDigitRun } = await import('../../src/runtime/parse.js')
    for (let k = 0; k < 20000; k++) {
      const s = sample()
      expect(hasLongDigitRun(s), s).toBe(/\d{16}/.test(s))
    }
  })

  it('isExactDateTime agrees with a regex + calendar check on 20000 near-timestamps', () => {
    const RFC = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/
    const slow = (v: string): boolean => {
      const m = RFC.exec(v)
      if (!m) return false
      const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => +m[i]!) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ]
      const days = [
        31,
        y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
      ][mo - 1]
      const off = m[7] === undefined || (+m[7] <= 23 && +m[8]! <= 59)
      return days !== undefined && d >= 1 && d <= days && h <= 23 && mi <= 59 && s <= 60 && off
    }
    const base = '2024-02-29T23:59:60.123456789+05:30'
    for (let k = 0; k < 20000; k++) {
      const chars = base.split('')
      for (let m = rnd(3); m >= 0; m--) chars[rnd(chars.length)] = '0123456789TZz:+-.x'[rnd(18)]!
      let v = chars.join('')
      if (rnd(3) === 0) v = v.slice(0, rnd(v.length + 1))
      expect(isExactDateTime(v), v).toBe(slow(v))
    }
  })
})
