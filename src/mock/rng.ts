/**
 * A small seeded PRNG (mulberry32) keyed by a string, so each fixture has its own stream of values:
 * `family/event/fixture-id` → the same numbers on every run and machine, whatever else the catalog holds.
 */
export class Rng {
  private state: number

  constructor(key: string) {
    this.state = hash32(key)
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [lo, hi] (both inclusive); exact for ranges up to 2^32. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** `n` lower-case hex digits. */
  hex(n: number): string {
    let out = ''
    for (let i = 0; i < n; i++) out += '0123456789abcdef'[Math.floor(this.next() * 16)]
    return out
  }

  /** A version 4 UUID. */
  uuid(): string {
    const variant = '89ab'[Math.floor(this.next() * 4)]!
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`
  }

  /** A 19-digit integer below 2^63 (an i3D id): beyond 2^53, so only a bigint holds it exactly. */
  bigint19(): bigint {
    let digits = String(this.int(1, 8))
    for (let i = 0; i < 18; i++) digits += String(this.int(0, 9))
    return BigInt(digits)
  }
}

/** FNV-1a over the UTF-16 code units of `key`, then a final avalanche so near keys give far seeds. */
export function hash32(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return h >>> 0
}

/** Go's RFC3339Nano in UTC: nanoseconds with trailing zeros trimmed, and no fraction when it is zero. */
export function goTimestamp(epochMs: number, nanos: number): string {
  const base = new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)
  const fraction = String(nanos).padStart(9, '0').replace(/0+$/, '')
  return `${base}${fraction === '' ? '' : '.' + fraction}Z`
}

/** The instant fixture timestamps start from (UTC): fixtures fall in the half year after it, feeds count forward from it. */
export const FIXTURE_EPOCH_MS = Date.UTC(2026, 2, 4, 5, 6, 7)
