import { describe, expect, it } from 'vitest'
import { compareVersions, findVersion, parseVersion, type Version } from '../../src/runtime/version.js'

const v = (text: string): Version => parseVersion(text)!

describe('server versions', () => {
  it('orders releases numerically, component by component (not as strings)', () => {
    const sorted = ['5.21', 'main', '4.16', '5.0.2', '4.0.13', '6.10', '6.9', '4.0.7', '5.0', '5.21.7']
      .map((t) => ({ t, v: v(t) }))
      .sort((a, b) => compareVersions(a.v, b.v))
      .map((x) => x.t)
    expect(sorted).toEqual(['4.0.7', '4.0.13', '4.16', '5.0', '5.0.2', '5.21', '5.21.7', '6.9', '6.10', 'main'])
  })

  it('treats a missing component as 0 and ignores a leading v', () => {
    expect(compareVersions(v('4.16'), v('4.16.0'))).toBe(0)
    expect(compareVersions(v('v0.9.21'), v('0.9.21'))).toBe(0)
    expect(compareVersions(v('v1.0.0'), v('v0.9.21'))).toBe(1)
    expect(compareVersions(v('v2'), v('v1.8.0'))).toBe(1)
  })

  it('puts main after every release', () => {
    expect(compareVersions(v('main'), v('99.0'))).toBe(1)
    expect(compareVersions(v('99.0'), v('main'))).toBe(-1)
    expect(compareVersions(v('main'), v('main'))).toBe(0)
  })

  it('rejects what is not a version', () => {
    for (const bad of ['', '5.x', 'latest', '1..2', 'v', '5.0.2-rc1', ' 5.0']) expect(parseVersion(bad)).toBeUndefined()
  })

  it('finds a known version however it is spelled', () => {
    const known = ['v0.9.21', 'v1.0.0', 'main']
    expect(findVersion(known, '0.9.21')).toBe('v0.9.21')
    expect(findVersion(known, 'v1.0')).toBe('v1.0.0')
    expect(findVersion(known, 'main')).toBe('main')
    expect(findVersion(known, '1.0.1')).toBeUndefined()
    expect(findVersion(known, 'nonsense')).toBeUndefined()
  })
})
