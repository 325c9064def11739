import { memoPerObject } from '../memo.js'
import type { JsonSchema } from './types.js'

// `x-evidence` (catalog/README.md, "Evidence"): what backs a schema node's narrowing keywords. This is its one
// reader: the checker lints it, the model keeps it through composition, and the docs, the site, `evcat show` and
// the exported schemas show it.

/** The keywords that narrow what a message may hold; each needs evidence in a sibling `x-evidence`. */
export const NARROWING_KEYWORDS: readonly string[] = [
  'const',
  'enum',
  'pattern',
  'format',
  'required',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'additionalProperties',
  'propertyNames',
  'contains',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'dependencies',
  'x-count-equals',
]

/** How sure a reference makes a constraint, from its source's kind; only code, capture and statement enforce. */
export type EvidenceClass = 'code' | 'capture' | 'statement' | 'example' | 'note'

/** What classifying a reference needs of a source: its id and kind (the catalog's and the model's sources fit). */
export interface EvidenceSource {
  readonly id: string
  readonly kind: string
}

/** One reference as written, `[example ]<source-id>[ <where>]`, read but not yet resolved against the sources. */
export interface EvidenceRef {
  /** The reference as written. */
  readonly text: string
  /** Undefined when the text does not start with a source id. */
  readonly source?: string
  /** The path and lines inside the source (`shared/api/status_code.go:8-26`), when given. */
  readonly where?: string
  /** Marked `example `: the value is only shown by a page's example. */
  readonly example: boolean
}

/** A reference resolved against its family's sources: its class is undefined when the source id is unknown. */
export interface ClassifiedRef extends EvidenceRef {
  readonly class?: EvidenceClass
}

/** One reference of an `x-evidence` value with where it is written, relative to `x-evidence` itself. */
export interface EvidenceEntry {
  /** The keyword it backs (form 2), or undefined for form 1 (every narrowing keyword of the node). */
  readonly keyword?: string
  readonly ref: EvidenceRef
  /** JSON Pointer segments below `x-evidence`: `[]`, `['1']`, `['required']`, `['anyOf', '0']`. */
  readonly at: readonly string[]
}

/** Reads one reference string. */
export function parseEvidenceRef(text: string): EvidenceRef {
  const m = /^(example\s+)?([a-z0-9][a-z0-9.-]*)(?:\s+(.*))?$/s.exec(text.trim())
  if (m === null) return { text, example: /^example\s/.test(text.trim()) }
  const where = m[3]?.trim()
  return {
    text,
    source: m[2]!,
    ...(where === undefined || where === '' ? {} : { where }),
    example: m[1] !== undefined,
  }
}

/** Every reference of an `x-evidence` value: one string or a list (form 1), or a map keyword → reference(s). */
export function evidenceEntries(value: unknown): EvidenceEntry[] {
  const list = (refs: unknown, keyword: string | undefined, at: readonly string[]): EvidenceEntry[] => {
    const one = (text: string, path: readonly string[]): EvidenceEntry => ({
      ...(keyword === undefined ? {} : { keyword }),
      ref: parseEvidenceRef(text),
      at: path,
    })
    if (typeof refs === 'string') return [one(refs, at)]
    if (!Array.isArray(refs)) return []
    return refs.flatMap((r, i) => (typeof r === 'string' ? [one(r, [...at, String(i)])] : []))
  }
  if (typeof value === 'string' || Array.isArray(value)) return list(value, undefined, [])
  if (!isObject(value)) return []
  return Object.entries(value).flatMap(([keyword, refs]) => list(refs, keyword, [keyword]))
}

/** The class of a reference to a source of this kind: code, capture, a page statement or example, or a note. */
export function evidenceClass(kind: string, example: boolean): EvidenceClass {
  if (kind === 'upstream') return 'code'
  if (kind === 'capture') return 'capture'
  if (kind === 'reference') return 'note'
  return example ? 'example' : 'statement'
}

/** Whether evidence of this class makes validation enforce a constraint (code, a capture, a page statement). */
export function enforces(c: EvidenceClass | undefined): boolean {
  return c === 'code' || c === 'capture' || c === 'statement'
}

/** A reference with its class, from the source it names among `sources` (undefined class: unknown source). */
export function classify(ref: EvidenceRef, sources: readonly EvidenceSource[]): ClassifiedRef {
  const source = sources.find((s) => s.id === ref.source)
  return source === undefined ? ref : { ...ref, class: evidenceClass(source.kind, ref.example) }
}

/** Whether `key` narrows in this node: `additionalProperties` only when false, `required` only when non-empty. */
export function isNarrowing(node: JsonSchema, key: string): boolean {
  if (!NARROWING_KEYWORDS.includes(key) || node[key] === undefined) return false
  if (key === 'additionalProperties') return node[key] === false
  if (key === 'required') return Array.isArray(node[key]) && node[key].length > 0
  if (key === 'uniqueItems') return node[key] === true
  return true
}

/** The narrowing keywords of a node, in the node's own order. */
export function narrowingKeywords(node: JsonSchema): string[] {
  return Object.keys(node).filter((k) => isNarrowing(node, k))
}

/**
 * The evidence of one node by keyword, references classified: form 1 is spread over the node's narrowing
 * keywords (over `x-known` on a node with none but known values; else under `*`), form 2 is kept as written.
 * Undefined when the node has no `x-evidence`.
 */
export function nodeEvidence(
  node: JsonSchema,
  sources: readonly EvidenceSource[],
): ReadonlyMap<string, readonly ClassifiedRef[]> | undefined {
  if (node['x-evidence'] === undefined) return undefined
  return rememberedEvidence(node, sources)
}

// The docs, the site, the exported schemas and lint ask again for the same node of the model: read once per node,
// its sources, its `x-evidence` value and the keywords it spreads over.
const rememberedEvidence = memoPerObject(
  (node: JsonSchema, sources: readonly EvidenceSource[]) => readNodeEvidence(node, narrowingKeywords(node), sources),
  (node, sources) => [
    sources,
    node['x-evidence'],
    `${narrowingKeywords(node).join(' ')}${node['x-known'] === undefined ? '' : ' x-known'}`,
  ],
)

function readNodeEvidence(
  node: JsonSchema,
  single: readonly string[],
  sources: readonly EvidenceSource[],
): ReadonlyMap<string, readonly ClassifiedRef[]> {
  const out = new Map<string, ClassifiedRef[]>()
  for (const entry of evidenceEntries(node['x-evidence'])) {
    for (const key of entry.keyword !== undefined ? [entry.keyword] : formOneKeys(node, single))
      out.set(key, [...(out.get(key) ?? []), classify(entry.ref, sources)])
  }
  return out
}

/** A reference as one line: `lxd-main shared/api/status_code.go:8-26`, with `example ` kept when written. */
export function refText(ref: EvidenceRef): string {
  return `${ref.example ? 'example ' : ''}${ref.source ?? ref.text.trim()}${ref.where === undefined ? '' : ` ${ref.where}`}`
}

/**
 * The `x-evidence` of a merged node (`mergeSchema`: `b`'s keywords replace `a`'s, `required` is joined), so that
 * each side's evidence backs only its own keywords: a keyword from `b` keeps `b`'s references, one only `a` has
 * keeps `a`'s, the joined `required` gets both. Returned as written when that already means the same (the usual
 * case), else in the map form; undefined when neither side has evidence.
 */
export function mergedEvidence(a: JsonSchema, b: JsonSchema, merged: JsonSchema): unknown {
  const written = b['x-evidence'] ?? a['x-evidence']
  if (written === undefined) return undefined
  const ma = byKeyword(a)
  const out: Record<string, string[]> = {}
  for (const [k, refs] of Object.entries(ma)) if (b[k] === undefined || k === 'required') out[k] = refs
  for (const [k, refs] of Object.entries(byKeyword(b))) out[k] = [...new Set([...(out[k] ?? []), ...refs])]
  const asWritten = byKeyword({ ...merged, 'x-evidence': written })
  return sameMap(asWritten, out) ? written : out
}

function sameMap(x: Record<string, string[]>, y: Record<string, string[]>): boolean {
  const keys = Object.keys(x)
  return keys.length === Object.keys(y).length && keys.every((k) => x[k]!.join('\n') === y[k]?.join('\n'))
}

// The map form of a node's `x-evidence` as written (reference strings), form 1 spread over its keywords.
function byKeyword(node: JsonSchema): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  const single = narrowingKeywords(node)
  for (const entry of evidenceEntries(node['x-evidence'])) {
    for (const k of entry.keyword !== undefined ? [entry.keyword] : formOneKeys(node, single))
      out[k] = [...(out[k] ?? []), entry.ref.text]
  }
  return out
}

// Form 1 backs every narrowing keyword of its node; on a node with none, what it backs is its known values.
function formOneKeys(node: JsonSchema, narrowing: readonly string[]): readonly string[] {
  return narrowing.length > 0 ? narrowing : node['x-known'] !== undefined ? ['x-known'] : ['*']
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
