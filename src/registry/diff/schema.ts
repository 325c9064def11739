import { resolveRef } from '../../schema/resolve.js'
import type { Definitions, JsonSchema } from '../../schema/types.js'
import { describeRange, nodeMarks, rangeText, type VersionMarks } from '../../schema/version-range.js'
import { compareRanges, rangeOfMarks, type RangeChange } from '../range-change.js'
import type { RuleId } from '../rules.js'
import { canonicalJson } from '../snapshot.js'
import {
  ALL_TYPES,
  BOUNDS,
  CONDITION_GROUPS,
  DESCRIPTION_KEYS,
  EXAMPLE_KEYS,
  HANDLED,
  evidenceOf,
  jsonTypes,
  semanticKey,
  tsKinds,
  typesCover,
} from './keywords.js'
import { compareBranches, type Choice } from './branches.js'
import { flattenAllOf } from './flatten.js'
import { compareObjects } from './objects.js'
import { unionsOf, type Union } from './unions.js'
import { compareValues } from './values.js'

/** One change found in a schema: the rule, the instance pointer it is at, and a message for people. */
export interface RawChange {
  readonly rule: RuleId
  readonly pointer: string
  readonly message: string
}

/** The versions around a message schema on one side: its family's known versions and the event's range. */
export interface VersionContext {
  /** The family's `versions.known` ([] when it has none). */
  readonly known: readonly string[]
  /** The range of versions that send the event (`since`/`until`/`versions` as one range text); absent: every version. */
  readonly sentBy?: string
}

/** How to compare two message schemas. */
export interface SchemaCompareOptions {
  /** The shared fragments `$ref`s point at, before and after. */
  readonly before: Definitions
  readonly after: Definitions
  /** Instance pointers whose const/enum are discriminator values (compared per event, not here). */
  readonly skipValues?: ReadonlySet<string>
  /** The versions on each side. @default no known versions, every version sends the event */
  readonly versions?: { readonly before: VersionContext; readonly after: VersionContext }
}

const NO_VERSIONS: VersionContext = { known: [] }

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

  /** The versions on each side, for what `required` means for a versioned field. */
  readonly context: { readonly before: VersionContext; readonly after: VersionContext }

  constructor(private readonly options: SchemaCompareOptions) {
    this.context = options.versions ?? { before: NO_VERSIONS, after: NO_VERSIONS }
  }

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
      const [da, db] = [this.options.before, this.options.after]
      const ra = flattenAllOf(resolveRef(a, da).node, da)
      const rb = flattenAllOf(resolveRef(b, db).node, db)
      this.prose(ra, rb, pointer)
      this.versions(nodeMarks(ra), nodeMarks(rb), pointer, branch ? 'branch' : 'field')
      this.evidence(ra, rb, pointer)
      const [ua, ub] = [unionsOf(ra, da), unionsOf(rb, db)]
      // A shape that became a choice of shapes, or the reverse: the single shape is compared with its branch.
      const [ca, cb] = [ua.find(isChoice), ub.find(isChoice)]
      if ((ca === undefined) !== (cb === undefined) && (ca ?? cb)!.pure && (ua.length === 0 || ub.length === 0)) {
        compareBranches(this, [choice(ca, a), choice(cb, b)], [da, db], pointer)
        this.others(ra, rb, pointer)
        return
      }
      if (!this.types(ra, rb, pointer)) return
      compareValues(this, [ra, rb], [da, db], pointer, this.options.skipValues?.has(pointer) === true)
      this.constraints(ra, rb, pointer)
      for (const keyword of ['anyOf', 'oneOf'] as const) {
        const [x, y] = [ua.find((u) => u.keyword === keyword), ub.find((u) => u.keyword === keyword)]
        this.conditionUnions(x, y, pointer)
        if (isChoice(x) || isChoice(y))
          compareBranches(this, [choice(x, undefined), choice(y, undefined)], [da, db], pointer)
      }
      const items = [ra['items'], rb['items']]
      if (items.every((i) => i === undefined || isSchema(i)) && items.some((i) => i !== undefined)) {
        this.node((items[0] ?? {}) as JsonSchema, (items[1] ?? {}) as JsonSchema, `${pointer}/*`, false)
      }
      compareObjects(this, ra, rb, pointer)
      this.others(ra, rb, pointer)
    } finally {
      if (refKey !== '|') this.refPath.delete(refKey)
    }
  }

  /** Version marks of an event, field or branch; returns how the range changed. */
  versions(a: VersionMarks, b: VersionMarks, pointer: string, what: string): RangeChange {
    if (rangeText(a) === undefined && rangeText(b) === undefined) return 'same'
    let change: RangeChange
    try {
      change = compareRanges(rangeOfMarks(a), rangeOfMarks(b))
    } catch (error) {
      this.add('schema-changed', pointer, `version keys do not parse: ${(error as Error).message}`)
      return 'changed'
    }
    const text = `${describeKeys(a)} → ${describeKeys(b)}`
    if (change === 'same') {
      if (canonicalJson(a) !== canonicalJson(b)) this.add('versions-respelled', pointer, `versions ${text}`)
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
    const text = `${typeText(ta)}${ka.has('bigint') ? ' (big)' : ''} → ${typeText(tb)}${kb.has('bigint') ? ' (big)' : ''}`
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
    for (const keys of CONDITION_GROUPS) {
      const part = (n: JsonSchema) =>
        keys.some((k) => k in n) ? semanticKey(Object.fromEntries(keys.map((k) => [k, n[k]]))) : undefined
      const [x, y] = [part(a), part(b)]
      if (x === y) continue
      const rule = x === undefined ? 'condition-added' : y === undefined ? 'condition-removed' : 'condition-changed'
      const name = keys.filter((k) => k in (y === undefined ? a : b)).join('/')
      this.add(rule, pointer, `${name} ${x === undefined ? 'added' : y === undefined ? 'removed' : 'changed'}`)
    }
    const [ia, ib] = [a['items'], b['items']]
    if ((Array.isArray(ia) || Array.isArray(ib)) && semanticKey(ia) !== semanticKey(ib)) {
      this.add('condition-changed', pointer, 'tuple items changed')
    }
  }

  // anyOf/oneOf of field conditions (LXD's status/status_code pairs) is one cross-field condition.
  private conditionUnions(ua: Union | undefined, ub: Union | undefined, pointer: string): void {
    if (ua?.kind !== 'conditions' && ub?.kind !== 'conditions') return
    const key = (u: Union | undefined) =>
      u?.kind === 'conditions' ? semanticKey({ [u.keyword]: u.branches }) : undefined
    const [x, y] = [key(ua), key(ub)]
    if (x === y) return
    const what = `${(ub ?? ua)!.keyword} of ${(ub ?? ua)!.branches.length} field conditions`
    if (x === undefined) this.add('condition-added', pointer, `${what} added`)
    else if (y === undefined) this.add('condition-removed', pointer, `${ua!.keyword} of field conditions removed`)
    else this.add('condition-changed', pointer, `${what} changed`)
  }

  private others(a: JsonSchema, b: JsonSchema, pointer: string): void {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (HANDLED.has(key) || canonicalJson(a[key]) === canonicalJson(b[key])) continue
      if (key.startsWith('x-')) this.add('annotation-changed', pointer, `${key} changed`)
      else this.add('schema-changed', pointer, `${key} changed`)
    }
  }
}

// `string | null`, or `any` for a node that says nothing of its type.
function typeText(types: ReadonlySet<string>): string {
  return types.size === ALL_TYPES.length ? 'any' : [...types].join(' | ')
}

function isChoice(u: Union | undefined): boolean {
  return u?.kind === 'shapes'
}

// One side of a choice; a node that is no choice is its own single branch.
function choice(u: Union | undefined, node: JsonSchema | undefined): Choice {
  if (u?.kind === 'shapes') return { keyword: u.keyword, branches: u.branches }
  return { keyword: 'single', branches: node === undefined ? [] : [node] }
}

/** Whether a value is a schema object (not an array, not a boolean). */
export function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** How version marks read in messages: `since 5.19`, `4.0.7 to 4.24`, `every version`. */
export function describeKeys(marks: VersionMarks): string {
  const text = rangeText(marks)
  return text === undefined ? 'every version' : describeRange(text)
}
