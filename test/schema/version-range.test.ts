import { describe, expect, it } from 'vitest'
import { parseVersion } from '../../src/runtime/version.js'
import { describeRange, inRange, parseRange, rangeText } from '../../src/schema/version-range.js'

const holds = (range: string, version: string): boolean => inRange(parseRange(range), parseVersion(version)!)

describe('version ranges', () => {
  it('reads since and until as bounds that include the version named', () => {
    expect(rangeText({ since: '5.19' })).toBe('>=5.19')
    expect(rangeText({ until: '6.6' })).toBe('<=6.6')
    expect(rangeText({ since: '4.0.7', until: '6.6' })).toBe('>=4.0.7 <=6.6')
    expect(rangeText({ versions: '>=5.6 || >=5.0.2 <5.1' })).toBe('>=5.6 || >=5.0.2 <5.1')
    expect(rangeText({})).toBeUndefined()
    expect(holds('>=5.19', '5.19')).toBe(true)
    expect(holds('>=5.19', '5.18')).toBe(false)
    expect(holds('<=6.6', '6.6.0')).toBe(true)
    expect(holds('<=6.6', '6.7')).toBe(false)
  })

  it('models a backport to an LTS line: 5.0.x from 5.0.2, and every release from 5.6', () => {
    const range = '>=5.0.2 <5.1 || >=5.6'
    expect(['5.0.2', '5.0.3', '5.6', '5.21.7', '6.9', 'main'].map((x) => holds(range, x))).toEqual(Array(6).fill(true))
    expect(['4.24', '5.0.0', '5.0.1', '5.1', '5.5'].map((x) => holds(range, x))).toEqual(Array(5).fill(false))
  })

  it('reads every comparator, and a bare version as equality', () => {
    expect(holds('>5.0', '5.0')).toBe(false)
    expect(holds('>5.0', '5.0.1')).toBe(true)
    expect(holds('<5.0', '4.24')).toBe(true)
    expect(holds('<5.0', '5.0')).toBe(false)
    expect(holds('=5.0.1', '5.0.1')).toBe(true)
    expect(holds('5.0.1 || 5.5', '5.5')).toBe(true)
    expect(holds('5.0.1 || 5.5', '5.4')).toBe(false)
    expect(holds('>=main', 'main')).toBe(true)
    expect(holds('>=main', '6.9')).toBe(false)
  })

  it('names the part that does not parse', () => {
    expect(() => parseRange('>=5.x')).toThrow('"5.x" is not a version')
    expect(() => parseRange('>=5.0 ||')).toThrow('empty alternative')
  })

  it('describes ranges for people', () => {
    expect(describeRange('>=5.19')).toBe('since 5.19')
    expect(describeRange('<=6.6')).toBe('until 6.6')
    expect(describeRange('>=4.0.7 <=4.24')).toBe('4.0.7 to 4.24')
    expect(describeRange('>=5.0.2 <5.1 || >=5.6')).toBe('>=5.0.2 <5.1 or since 5.6')
    expect(describeRange('5.0.1 || 5.5')).toBe('5.0.1 or 5.5')
  })
})
