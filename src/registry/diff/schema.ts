import type { JsonSchema } from '../../catalog/types.js'
import { canonicalJson } from '../snapshot.js'
import type { RuleId } from '../rules.js'
import { compareRanges, nodeVersionKeys, rangeOf, type RangeChange, type VersionKeys } from '../versions.js'
import {
  BOUNDS,
  CONDITION_KEYS,
  DESCRIPTION_KEYS,
  EXAMPLE_KEYS,
  HANDLED,
  describeSchema,
  enforcedValues,
  evidenceOf,
  jsonTypes,
  knownValues,
  semanticKey,
  shortList,
  tsKinds,
  typesCover,
  valuesMissing,
} from './keywords.js'
import { compareObjects } from './objects.js'

/** One change found in a schema: the rule, the instance pointer it is at, and a message for people. */
export interface RawChange {
  readonly rule: RuleId
  readonly pointer: string
  readonly message: string
}

/** How to compare two message schemas. */
export interface SchemaCompareOptions {
  /** The shared fragments `$ref`s point at, before and after. */
  readonly before: Readonly<Record<string, JsonSchema>>
  readonly after: Readonly<Record<string, JsonSchema>>
  /** Instance pointers whose const/enum are discriminator values (compared per event, not here). */
  readonly skipValues?: ReadonlySet<string>
}

/** Compares two message schemas field by field and returns every change, in the order found. */
export function compareSchemas(before: JsonSchema, after: JsonSchema, options: SchemaCompareOptions): RawChange[] {
  const comparison = new SchemaComparison(options)
  comparison.node(before, after, '', false)
  return comparison.changes
}

/** The walk over two schemas at once; each keyword family has its own method. */
export class SchemaComparison {
  readonly changes: RawChange[] = []
  private readonly refPath = new Set<string>()

  constructor(private readonly options: SchemaCompareOptions) {}

  /** Records one change. */
  add(rule: RuleId, pointer: string, message: string): void {
    this.changes.push({ rule, pointer, message })
  }

  /** Compares two schema nodes at an instance pointer; `branch` marks an anyOf/oneOf branch. */
  node(a: JsonSchema, b: JsonSchema, pointer: string, branch: boolean): void {
    const refKey = `${String(a['$ref'] ?? '')}|${String(b['$ref'] ?? '')}`
    // A recursive fragment met again on the same path: its content was compared one level up.
    if (refKey !== '|' && this.refPath.has(refKey)) return
    if (refKey !== '|') this.refPath.add(refKey)
    try {
      const ra = resolve(a, this.options.before)
      const rb = resolve(b, this.options.after)
      this.prose(ra, rb, pointer)
      this.versions(nodeVersionKeys(ra), nodeVersionKeys(rb), pointer, branch ? 'branch' : 'field')
      this.evidence(ra, rb, pointer)
      if (!this.types(ra, rb, pointer)) return
      this.values(ra, rb, pointer)
      this.constraints(ra, rb, pointer)
      const items = [ra['items'], rb['items']]
      if (items.every((i) => i === undefined || isSchema(i)) && items.some((i) => i !== undefined)) {
        this.node((items[0] ?? {}) as JsonSchema, (items[1] ?? {}) as JsonSchema, `${pointer}/*`, false)
      }
      compareObjects(this, ra, rb, pointer)
      for (const keyword of ['anyOf', 'oneOf'] as const) this.branches(keyword, ra, rb, pointer)
      this.others(ra, rb, pointer)
    } finally {
      if (refKey !== '|') this.refPath.delete(refKey)
    }
  }

  /** Version keys of an event, field or branch; returns how the range changed. */
  versions(a: VersionKeys | undefined, b: VersionKeys | undefined, pointer: string, what: string): RangeChange {
    if (a === undefined && b === undefined) return 'same'
    let change: RangeChange
    try {
      change = compareRanges(rangeOf(a ?? {}), rangeOf(b ?? {}))
    } catch (error) {
      this.add('schema-changed', pointer, `version keys do not parse: ${(error as Error).message}`)
      return 'changed'
    }
    const text = `${describeKeys(a)} → ${describeKeys(b)}`
    if (change === 'same') {
      if (canonicalJson(a ?? {}) !== canonicalJson(b ?? {})) this.add('versions-respelled', pointer, `versions ${text}`)
    } else if (change === 'widened') {
      this.add('versions-widened', pointer, `sent by more versions: ${text}`)
    } else {
      const rule = what === 'branch' ? 'branch-versions-narrowed' : 'versions-narrowed'
      this.add(rule, pointer, `${what === 'branch' ? 'branch applies to' : 'sent by'} fewer versions: ${text}`)
    }
    return change
  }

  private prose(a: JsonSchema, b: JsonSchema, pointer: string): void {
    const differ = (keys: Iterable<string>) => [...keys].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]))
    const prose = differ(DESCRIPTION_KEYS)
    if (prose.length > 0) this.add('description-changed', pointer, `${prose.join(', ')} changed`)
    const examples = differ(EXAMPLE_KEYS)
    if (examples.length > 0) this.add('examples-changed', pointer, `${examples.join(', ')} changed`)
    if (differ(['x-source']).length > 0) this.add('sources-changed', pointer, 'x-source changed')
  }

  private evidence(a: JsonSchema, b: JsonSchema, pointer: string): void {
    const ea = evidenceOf(a)
    const eb = evidenceOf(b)
    if (canonicalJson([...ea]) === canonicalJson([...eb])) return
    const keys = (m: Map<string, string[]>) => [...m.keys()].map((k) => (k === '*' ? 'every keyword' : k)).join(', ')
    if (ea.size === 0) this.add('evidence-added', pointer, `x-evidence added (${keys(eb)})`)
    else if (eb.size === 0) this.add('evidence-removed', pointer, `x-evidence removed (${keys(ea)})`)
    else this.add('evidence-changed', pointer, `x-evidence changed: ${[...eb.values()].flat().join('; ')}`)
  }

  /** The node's types; false when the two share no type at all (nothing below is worth comparing). */
  private types(a: JsonSchema, b: JsonSchema, pointer: string): boolean {
    const ta = jsonTypes(a)
    const tb = jsonTypes(b)
    const ka = tsKinds(a, ta)
    const kb = tsKinds(b, tb)
    const sameTypes = typesCover(ta, tb) && typesCover(tb, ta)
    if (sameTypes && canonicalJson([...ka].sort()) === canonicalJson([...kb].sort())) return true
    const text = `${[...ta].join(' | ')}${ka.has('bigint') ? ' (big)' : ''} → ${[...tb].join(' | ')}${kb.has('bigint') ? ' (big)' : ''}`
    if (canonicalJson([...ka].sort()) === canonicalJson([...kb].sort())) {
      this.add(typesCover(tb, ta) ? 'number-widened' : 'number-narrowed', pointer, `type ${text}`)
      return true
    }
    const overlap = [...tb].some((t) => typesCover(ta, new Set([t])) || typesCover(new Set([t]), ta))
    if (!overlap) {
      this.add('type-changed', pointer, `type ${text}`)
      return false
    }
    const widened = typesCover(tb, ta) && typesCover(kb, ka)
    const narrowed = typesCover(ta, tb) && typesCover(ka, kb)
    this.add(widened ? 'type-widened' : narrowed ? 'type-narrowed' : 'type-changed', pointer, `type ${text}`)
    return true
  }

  private values(a: JsonSchema, b: JsonSchema, pointer: string): void {
    // Discriminator values are compared per event; their known values (x-known) are still compared here.
    const skip = this.options.skipValues?.has(pointer) === true
    const va = skip ? undefined : enforcedValues(a)
    const vb = skip ? undefined : enforcedValues(b)
    const ka = knownValues(a)
    const kb = knownValues(b)
    if (va !== undefined && vb !== undefined) {
      if ('const' in a && 'const' in b && canonicalJson(va) !== canonicalJson(vb)) {
        this.add('const-changed', pointer, `const ${shortList(va)} → ${shortList(vb)}`)
      } else {
        const removed = valuesMissing(va, vb)
        const added = valuesMissing(vb, va)
        if (removed.length > 0) this.add('enum-value-removed', pointer, `values removed: ${shortList(removed)}`)
        if (added.length > 0) this.add('enum-value-added', pointer, `values added: ${shortList(added)}`)
      }
    } else if (vb !== undefined) {
      if (ka !== undefined)
        this.add('known-value-enforced', pointer, `x-known ${shortList(ka)} → enforced ${shortList(vb)}`)
      else this.add('enum-added', pointer, `values restricted to ${shortList(vb)}`)
      return
    } else if (va !== undefined) {
      if (kb !== undefined)
        this.add('enum-relaxed-to-known', pointer, `enforced ${shortList(va)} → x-known ${shortList(kb)}`)
      else this.add('enum-removed', pointer, `values no longer restricted (were ${shortList(va)})`)
      return
    }
    const knownAdded = valuesMissing(kb ?? [], ka ?? [])
    const knownRemoved = valuesMissing(ka ?? [], kb ?? [])
    if (knownAdded.length > 0) this.add('known-value-added', pointer, `x-known added: ${shortList(knownAdded)}`)
    if (knownRemoved.length > 0) this.add('known-value-removed', pointer, `x-known removed: ${shortList(knownRemoved)}`)
  }

  private constraints(a: JsonSchema, b: JsonSchema, pointer: string): void {
    for (const key of ['pattern', 'format'] as const) {
      const [x, y] = [a[key], b[key]]
      if (canonicalJson(x) === canonicalJson(y)) continue
      const rule = x === undefined ? `${key}-added` : y === undefined ? `${key}-removed` : `${key}-changed`
      this.add(
        rule as RuleId,
        pointer,
        `${key} ${x === undefined ? 'none' : String(x)} → ${y === undefined ? 'none' : String(y)}`,
      )
    }
    for (const [key, direction] of Object.entries(BOUNDS)) {
      const [x, y] = [a[key], b[key]]
      if (x === y) continue
      const looser =
        y === undefined || (x !== undefined && (direction === 'up' ? Number(y) > Number(x) : Number(y) < Number(x)))
      this.add(
        looser ? 'range-widened' : 'range-narrowed',
        pointer,
        `${key} ${String(x ?? 'none')} → ${String(y ?? 'none')}`,
      )
    }
    const [ma, mb] = [a['multipleOf'], b['multipleOf']]
    if (ma !== mb) {
      const looser = mb === undefined || (ma !== undefined && Number(ma) % Number(mb) === 0)
      this.add(
        looser ? 'range-widened' : 'range-narrowed',
        pointer,
        `multipleOf ${String(ma ?? 'none')} → ${String(mb ?? 'none')}`,
      )
    }
    if ((a['uniqueItems'] === true) !== (b['uniqueItems'] === true)) {
      const rule = b['uniqueItems'] === true ? 'range-narrowed' : 'range-widened'
      this.add(rule, pointer, `uniqueItems ${String(a['uniqueItems'] === true)} → ${String(b['uniqueItems'] === true)}`)
    }
    for (const key of CONDITION_KEYS) {
      const [x, y] = [key in a ? semanticKey(a[key]) : undefined, key in b ? semanticKey(b[key]) : undefined]
      if (x === y) continue
      const rule = x === undefined ? 'condition-added' : y === undefined ? 'condition-removed' : 'condition-changed'
      this.add(rule, pointer, `${key} ${x === undefined ? 'added' : y === undefined ? 'removed' : 'changed'}`)
    }
    const [ia, ib] = [a['items'], b['items']]
    if ((Array.isArray(ia) || Array.isArray(ib)) && semanticKey(ia) !== semanticKey(ib)) {
      this.add('condition-changed', pointer, 'tuple items changed')
    }
  }

  private branches(keyword: 'anyOf' | 'oneOf', a: JsonSchema, b: JsonSchema, pointer: string): void {
    const la = (Array.isArray(a[keyword]) ? a[keyword] : []) as JsonSchema[]
    const lb = (Array.isArray(b[keyword]) ? b[keyword] : []) as JsonSchema[]
    if (la.length === 0 && lb.length === 0) return
    const restA = la.map((s, i) => ({ s, i }))
    const restB: { s: JsonSchema; i: number }[] = []
    for (const [i, s] of lb.entries()) {
      const at = restA.findIndex((x) => semanticKey(x.s) === semanticKey(s))
      if (at < 0) restB.push({ s, i })
      else this.node(restA.splice(at, 1)[0]!.s, s, pointer, true)
    }
    if (restA.length === restB.length) {
      restA.forEach((x, n) => this.node(x.s, restB[n]!.s, pointer, true))
      return
    }
    for (const x of restA)
      this.add('union-member-removed', pointer, `${keyword} branch ${x.i + 1} (${describeSchema(x.s)}) removed`)
    for (const x of restB)
      this.add('union-member-added', pointer, `${keyword} branch ${x.i + 1} (${describeSchema(x.s)}) added`)
  }

  private others(a: JsonSchema, b: JsonSchema, pointer: string): void {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (HANDLED.has(key) || canonicalJson(a[key]) === canonicalJson(b[key])) continue
      if (key.startsWith('x-')) this.add('annotation-changed', pointer, `${key} changed`)
      else this.add('schema-changed', pointer, `${key} changed`)
    }
  }
}

/** A node with its `$ref` followed into the definitions; keywords beside the `$ref` stay on top. */
export function resolve(node: JsonSchema, definitions: Readonly<Record<string, JsonSchema>>): JsonSchema {
  let out = node
  for (let depth = 0; depth < 16 && typeof out['$ref'] === 'string'; depth++) {
    const name = out['$ref'].startsWith('#/definitions/') ? out['$ref'].slice('#/definitions/'.length) : undefined
    const target = name === undefined ? undefined : definitions[name]
    if (target === undefined) return out
    const { $ref: _ref, ...siblings } = out
    out = { ...target, ...siblings }
  }
  return out
}

/** Whether a value is a schema object (not an array, not a boolean). */
export function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** How version keys read in messages: `x-since 5.0`, `x-versions ">=5.0.2 <5.1"`, `every version`. */
export function describeKeys(keys: VersionKeys | undefined): string {
  if (keys === undefined) return 'every version'
  const parts: string[] = []
  if (keys.versions !== undefined) parts.push(`versions "${keys.versions}"`)
  if (keys.since !== undefined) parts.push(`since ${keys.since}`)
  if (keys.until !== undefined) parts.push(`until ${keys.until}`)
  return parts.join(', ')
}
