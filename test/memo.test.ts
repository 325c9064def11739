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

describe('memoPerObject with a limit', () => {
  it('forgets the oldest object once more than the limit are remembered, and keeps the recent ones', () => {
    let calls = 0
    const id = memoPerObject(
      (o: { n: number }) => (calls++, o.n),
      () => [],
      3,
    )
    const keys = [1, 2, 3, 4].map((n) => ({ n }))
    for (const k of keys) id(k)
    expect(calls).toBe(4)
    // keys[0] was forgotten when keys[3] came; keys[1..3] are still remembered.
    for (const k of keys.slice(1)) id(k)
    expect(calls).toBe(4)
    id(keys[0]!)
    expect(calls).toBe(5)
  })

  it('stays bounded over many objects (the queue of remembered objects is compacted)', () => {
    let calls = 0
    const id = memoPerObject(
      (o: { n: number }) => (calls++, o.n),
      () => [],
      10,
    )
    const keys = Array.from({ length: 5000 }, (_, n) => ({ n }))
    for (const k of keys) id(k)
    for (const k of keys.slice(-10)) id(k)
    expect(calls).toBe(5000)
    id(keys[4989]!)
    expect(calls).toBe(5001)
  })
})
