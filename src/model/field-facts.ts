import { memoPerObject } from '../memo.js'
import { stringifyExact } from '../runtime/json.js'
import {
  narrowingKeywords,
  nodeEvidence,
  refText,
  type ClassifiedRef,
  type EvidenceClass,
  type EvidenceSource,
} from '../schema/evidence.js'
import type { JsonSchema } from '../schema/types.js'
import { describeRange } from '../schema/version-range.js'
import type { FieldRow } from './fields.js'

// What one field of a message enforces and why, which values are only known, and which versions send it: the one
// view the Markdown docs, the site and `evcat show` print (each in its own syntax). Plain text, never escaped here.

/** One reference: its class and where it points (`lxd-main shared/api/status_code.go:8-26`, no `example ` mark). */
export interface EvidenceFact {
  /** Undefined when the source id is not one of the family's (lint reports it). */
  readonly class?: EvidenceClass
  readonly citation: string
}

/** One constraint validation enforces on the field, and why. */
export interface ConstraintFact {
  readonly keyword: string
  /** The rule in words: `required`, `one of "a", "b"`, `>= 0`, `pattern ^[a-z]+$`. */
  readonly rule: string
  /**
   * Where its backing comes from: `own` (the field's evidence), `choice` (the evidence of the `oneOf`/`anyOf`/`allOf`
   * it sits in, named by `via`), or `composed` (evcat sets it when it composes the message: a discriminator value,
   * `via: 'discriminator'`, or a part that must be there; it needs no evidence).
   */
  readonly basis: 'own' | 'choice' | 'composed'
  readonly via?: string
  /** For `choice`: the path of the field that holds it (`metadata`; `''` for the message). */
  readonly viaAt?: string
  readonly evidence: readonly EvidenceFact[]
}

/** Values of an open field that are known, and from what; validation accepts others too. */
export interface KnownFact {
  /** Each value as JSON text. */
  readonly values: readonly string[]
  /** `page examples`, `captures`, `code`, `page statements`, `reference notes` (joined), or `no source cited`. */
  readonly from: string
  /** True when only page examples show them: the case issue #11 keeps out of constraints. */
  readonly onlyExamples: boolean
  readonly evidence: readonly EvidenceFact[]
}

/** The facts of one field row. */
export interface FieldFacts {
  /** The server versions that send the field: the range as written, and in words (`since 5.19`). */
  readonly versions?: { readonly range: string; readonly text: string }
  readonly enforced: readonly ConstraintFact[]
  readonly known?: KnownFact
}

/** What reading a row's facts needs of its event: the family's sources and the discriminator values. */
export interface FactsContext {
  readonly sources: readonly EvidenceSource[]
  /** Discriminator pointer → value: the `const` there is composed by evcat. */
  readonly match?: Readonly<Record<string, string>>
}

/**
 * The facts of a field: each enforced constraint with its evidence, its known values, its versions. Remembered per
 * row (rows come from `flattenFields`, which keeps them per schema: the docs and the site read each row again) and
 * the context it was read in (its family's sources, its event's discriminator values).
 */
export const fieldFacts: (row: FieldRow, ctx: FactsContext) => FieldFacts = memoPerObject(readFacts, (_row, ctx) => [
  ctx.sources,
  ctx.match,
])

function readFacts(row: FieldRow, ctx: FactsContext): FieldFacts {
  const enforced: ConstraintFact[] = []
  if (row.required === true && row.parent !== undefined)
    enforced.push(backed(row, 'required', 'required', nodeEvidence(row.parent, ctx.sources)?.get('required'), ctx))
  const own = nodeEvidence(row.schema, ctx.sources)
  for (const keyword of narrowingKeywords(row.schema)) {
    if (keyword === 'required') continue // listed on each required field's own row
    enforced.push(backed(row, keyword, ruleText(row.schema, keyword), own?.get(keyword), ctx))
  }
  const known = knownFact(row.schema, own?.get('x-known') ?? own?.get('*'))
  return {
    ...(row.versions === undefined ? {} : { versions: { range: row.versions, text: describeRange(row.versions) } }),
    enforced,
    ...(known === undefined ? {} : { known }),
  }
}

/** What the message as a whole enforces beyond its fields (a choice or a rule at its root), and why. */
export function messageFacts(schema: JsonSchema, ctx: FactsContext): ConstraintFact[] {
  const own = nodeEvidence(schema, ctx.sources)
  return narrowingKeywords(schema)
    .filter((k) => k !== 'required')
    .map((k) => backed({ covers: [], pointer: '' }, k, ruleText(schema, k), own?.get(k), ctx))
}

// A constraint of a row with its backing: its own references, else the nearest enclosing choice's, else composed.
function backed(
  row: Pick<FieldRow, 'covers' | 'pointer'>,
  keyword: string,
  rule: string,
  refs: readonly ClassifiedRef[] | undefined,
  ctx: FactsContext,
): ConstraintFact {
  if (refs !== undefined) return { keyword, rule, basis: 'own', evidence: refs.map(fact) }
  // The nearest enclosing choice whose evidence names its keyword backs what is inside it (as lint reads it).
  for (const cover of [...row.covers].reverse()) {
    const covering = nodeEvidence(cover.node, ctx.sources)?.get(cover.keyword)
    if (covering !== undefined)
      return { keyword, rule, basis: 'choice', via: cover.keyword, viaAt: cover.at, evidence: covering.map(fact) }
  }
  const discriminator = keyword === 'const' && ctx.match?.[row.pointer] !== undefined
  return { keyword, rule, basis: 'composed', ...(discriminator ? { via: 'discriminator' } : {}), evidence: [] }
}

// The citation without the `example ` mark: the class says it.
function fact(ref: ClassifiedRef): EvidenceFact {
  return { ...(ref.class === undefined ? {} : { class: ref.class }), citation: refText({ ...ref, example: false }) }
}

const FROM: Readonly<Record<EvidenceClass, string>> = {
  example: 'page examples',
  statement: 'page statements',
  code: 'code',
  capture: 'captures',
  note: 'reference notes',
}

function knownFact(node: JsonSchema, refs: readonly ClassifiedRef[] | undefined): KnownFact | undefined {
  const known = node['x-known']
  if (!Array.isArray(known)) return undefined
  const evidence = (refs ?? []).map(fact)
  const classes = [...new Set(evidence.map((e) => e.class).filter((c): c is EvidenceClass => c !== undefined))]
  return {
    values: known.map((v) => stringifyExact(v)),
    from: classes.length === 0 ? 'no source cited' : classes.map((c) => FROM[c]).join(', '),
    onlyExamples: classes.length > 0 && classes.every((c) => c === 'example'),
    evidence,
  }
}

const BOUNDS: Readonly<Record<string, string>> = {
  minimum: '>=',
  exclusiveMinimum: '>',
  maximum: '<=',
  exclusiveMaximum: '<',
  minLength: 'length >=',
  maxLength: 'length <=',
  minItems: 'items >=',
  maxItems: 'items <=',
  minProperties: 'keys >=',
  maxProperties: 'keys <=',
  multipleOf: 'a multiple of',
}

/** A narrowing keyword of a node in words: `one of "a", "b"`, `>= 0`, `any of 2 shapes`. */
export function ruleText(node: JsonSchema, keyword: string): string {
  const value = node[keyword]
  const count = Array.isArray(value) ? value.length : 0
  switch (keyword) {
    case 'const':
      return `always ${stringifyExact(value)}`
    case 'enum':
      return `one of ${(value as unknown[]).map((v) => stringifyExact(v)).join(', ')}`
    case 'pattern':
      return `pattern ${String(value)}`
    case 'format':
      return `format ${String(value)}`
    case 'additionalProperties':
      return 'no other keys'
    case 'uniqueItems':
      return 'unique items'
    case 'oneOf':
      return `exactly one of ${count} shapes`
    case 'anyOf':
      return `any of ${count} shapes`
    case 'allOf':
      return `all of ${count} rules`
    case 'if':
      return 'if/then rule'
    case 'not':
      return 'not a given shape'
    case 'x-count-equals': {
      const c = value as { count?: unknown; items?: unknown }
      return `${String(c.count)} equals the number of items in ${String(c.items)}`
    }
    default:
      return BOUNDS[keyword] === undefined ? keyword : `${BOUNDS[keyword]} ${stringifyExact(value)}`
  }
}

/**
 * A constraint's backing as plain text: `code lxd-main a.go:8; capture capture-5-0-2`, `by the anyOf of metadata`
 * (the choice's own line lists its references), `the discriminator value` or `composed by evcat`.
 */
export function backingText(c: ConstraintFact): string {
  switch (c.basis) {
    case 'own':
      return c.evidence.map((e) => `${e.class ?? 'unknown source'} ${e.citation}`).join('; ')
    case 'choice':
      return `by the ${c.via ?? ''} of ${c.viaAt ? c.viaAt : 'the message'}`
    case 'composed':
      return c.via === 'discriminator' ? 'the discriminator value' : 'composed by evcat'
  }
}

/** Known values as plain text: `"a", "b" (others possible; not enforced; only from page examples: example x l.7)`. */
export function knownText(k: KnownFact): string {
  const from = k.onlyExamples ? 'only from page examples' : k.evidence.length === 0 ? k.from : `from ${k.from}`
  const cited = k.evidence.length === 0 ? '' : `: ${k.evidence.map((e) => e.citation).join(', ')}`
  return `${k.values.join(', ')} (others possible; not enforced; ${from}${cited})`
}
