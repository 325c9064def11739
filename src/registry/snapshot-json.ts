import { UsageError } from '../errors.js'
import type { CatalogSnapshot } from './snapshot.js'

/** The format tag of `catalog.json`; a reader refuses a format it does not know. */
export const SNAPSHOT_FORMAT = 'evcat-catalog-snapshot/1'

const REF = '$evcat:shared'
const BIGINT = '$evcat:bigint'
// A subtree is shared only when it occurs twice or more and is at least this long as JSON: small ones cost
// more as references than they save.
const MIN_SHARED = 64

/**
 * Writes a snapshot as JSON, every repeated subtree stored once (`{"$evcat:shared": n}` points into `shared`).
 * Every event's message schema repeats its envelope and group base; stored once, the LXD family takes a
 * fifth of the space. Deterministic: the same snapshot gives the same bytes.
 */
export function serializeSnapshot(snapshot: CatalogSnapshot): string {
  const table = new InternTable()
  table.count(snapshot)
  const root = table.emit(snapshot)
  return JSON.stringify({ format: SNAPSHOT_FORMAT, shared: table.shared, snapshot: root }) + '\n'
}

/** Reads a snapshot written by `serializeSnapshot`; `from` names it in errors. */
export function parseSnapshot(text: string, from: string): CatalogSnapshot {
  let doc: { format?: unknown; shared?: unknown; snapshot?: unknown }
  try {
    doc = JSON.parse(text) as typeof doc
  } catch (error) {
    throw new UsageError(`${from} is not JSON (${(error as Error).message}); pack the package again`)
  }
  if (doc.format !== SNAPSHOT_FORMAT || !Array.isArray(doc.shared) || typeof doc.snapshot !== 'object') {
    throw new UsageError(
      `${from} is not an evcat catalog snapshot this evcat reads (format ${JSON.stringify(doc.format)}, expected "${SNAPSHOT_FORMAT}"); update evcat`,
    )
  }
  const shared = doc.shared as unknown[]
  const expanded = new Map<number, unknown>()
  const expand = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value
    if (Array.isArray(value)) return value.map(expand)
    const obj = value as Record<string, unknown>
    const keys = Object.keys(obj)
    if (keys.length === 1 && keys[0] === REF) {
      const n = obj[REF] as number
      if (!expanded.has(n)) expanded.set(n, expand(shared[n]))
      return expanded.get(n)
    }
    if (keys.length === 1 && keys[0] === BIGINT) return BigInt(obj[BIGINT] as string)
    const out: Record<string, unknown> = {}
    for (const k of keys) Object.defineProperty(out, k, { value: expand(obj[k]), enumerable: true, writable: true })
    return out
  }
  return expand(doc.snapshot) as CatalogSnapshot
}

/** Gives every distinct subtree an id (by its children's ids, so no subtree is printed twice) and counts uses. */
class InternTable {
  readonly shared: unknown[] = []
  private readonly ids = new Map<string, number>()
  private readonly uses: number[] = []
  private readonly sizes: number[] = []
  private readonly slot = new Map<number, number>()
  private readonly memo = new WeakMap<object, number>()

  /** Assigns ids bottom-up and counts how often each distinct subtree occurs. */
  count(value: unknown): number {
    if (value === null || typeof value !== 'object') {
      const text = JSON.stringify(encodePrimitive(value)) ?? 'null'
      return this.idOf(`p${text}`, text.length)
    }
    const known = this.memo.get(value)
    if (known !== undefined) {
      this.countAgain(known, value)
      return known
    }
    let key: string
    let size = 2
    if (Array.isArray(value)) {
      const children = value.map((v) => this.count(v))
      key = `a${children.join(',')}`
      for (const c of children) size += this.sizes[c]! + 1
    } else {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
      const children = entries.map(([k, v]) => [k, this.count(v)] as const)
      key = `o${JSON.stringify(children)}`
      for (const [k, c] of children) size += k.length + 4 + this.sizes[c]!
    }
    const id = this.idOf(key, size)
    this.memo.set(value, id)
    return id
  }

  /** The JSON form of a value with repeated subtrees replaced by references into `shared`. */
  emit(value: unknown): unknown {
    if (value === null || typeof value !== 'object') {
      // Long strings (descriptions repeated in every event's copy of the envelope) are shared too.
      const id =
        typeof value === 'string' && value.length >= MIN_SHARED ? this.ids.get(`p${JSON.stringify(value)}`) : undefined
      return id === undefined || this.uses[id]! < 2 ? encodePrimitive(value) : this.ref(id, value)
    }
    const id = this.memo.get(value)!
    if (this.uses[id]! < 2 || this.sizes[id]! < MIN_SHARED) return this.emitInline(value)
    return this.ref(id, value)
  }

  private ref(id: number, value: unknown): unknown {
    let n = this.slot.get(id)
    if (n === undefined) {
      n = this.shared.length
      this.slot.set(id, n)
      this.shared.push(null)
      this.shared[n] = value !== null && typeof value === 'object' ? this.emitInline(value) : value
    }
    return { [REF]: n }
  }

  private emitInline(value: object): unknown {
    if (Array.isArray(value)) return value.map((v) => this.emit(v))
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = this.emit(v)
    return out
  }

  private idOf(key: string, size: number): number {
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.uses.length
      this.ids.set(key, id)
      this.uses.push(0)
      this.sizes.push(size)
    }
    this.uses[id]!++
    return id
  }

  // The same object reached again (a fragment the model shares by reference) counts as another use, as do
  // its children, so that sharing decisions do not depend on how the model happens to share memory.
  private countAgain(id: number, value: object): void {
    this.uses[id]!++
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === 'object') this.countAgain(this.memo.get(child)!, child)
    }
  }
}

function encodePrimitive(value: unknown): unknown {
  return typeof value === 'bigint' ? { [BIGINT]: value.toString() } : value
}
