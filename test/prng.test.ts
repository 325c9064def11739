import { describe, expect, it } from 'vitest'
import { hash32, Rng } from '../src/prng.js'

describe('Rng, the one seeded PRNG', () => {
  it('draws mulberry32 from a number seed (the stream the tests and bench data were made with)', () => {
    const rng = new Rng(7)
    expect([rng.next(), rng.next(), rng.next()]).toEqual([0.011704753153026104, 0.06195825757458806, 0.97690763277933])
  })

  it('hashes a string seed, so a key and its hash give one stream', () => {
    const a = new Rng('lxd/instance-created/minimal')
    const b = new Rng(hash32('lxd/instance-created/minimal'))
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()))
  })

  it('keeps only the low 32 bits of a number seed', () => {
    expect(new Rng(2 ** 32 + 5).next()).toBe(new Rng(5).next())
  })
})
