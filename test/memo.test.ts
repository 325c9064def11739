import { describe, expect, it } from 'vitest'
import { memoPerObject } from '../src/memo.js'

describe('memoPerObject', () => {
  it('computes once per object while the context values stay the same, and again when one changes', () => {
    let calls = 0
    const sum = memoPerObject(
      (o: { n: number }, k: { m: number }) => (calls++, o.n * k.m),
      (_o, k) => [k],
    )
    const a = { n: 2 }
    const k1 = { m: 3 }
    expect(sum(a, k1)).toBe(6)
    expect(sum(a, k1)).toBe(6)
    expect(calls).toBe(1)
    // Another context object (even an equal one) and another key each compute again.
    expect(sum(a, { m: 3 })).toBe(6)
    expect(sum({ n: 2 }, k1)).toBe(6)
    expect(calls).toBe(3)
  })
})
