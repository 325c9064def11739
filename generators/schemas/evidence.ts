import type { JsonSchema, SourceDef } from './model-types.js'

/** How strongly a reference backs a constraint, from its source's kind (issue #11's evidence classes). */
export type EvidenceClass = 'code' | 'capture' | 'statement' | 'example' | 'note'

/** One parsed evidence reference: `[example ]<source-id>[ <where>]`. */
export interface EvidenceRef {
  readonly source: string
  readonly where?: string
  /** Undefined when the source id is not one of the family's (lint reports it; exports keep what was written). */
  readonly class?: EvidenceClass
}

/** Keyword → the references that back it; what `x-evidence` says, in its map form. */
export type Evidence = Readonly<Record<string, readonly EvidenceRef[]>>

/** The keywords that narrow what a value may be; form 1 of `x-evidence` backs every one of them in its node. */
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

/**
 * The evidence of one schema node, always in the map form: form 1 (one reference or a list) is spread over
 * the node's narrowing keywords (and `additionalProperties: false` when written), form 2 is kept as written.
 * Returns undefined when the node has no `x-evidence`.
 */
export function nodeEvidence(node: JsonSchema, sources: readonly SourceDef[]): Evidence | undefined {
  const raw = node['x-evidence']
  if (raw === undefined) return undefined
  const kinds = new Map(sources.map((s) => [s.id, s.kind]))
  if (typeof raw === 'string' || Array.isArray(raw)) {
    const refs = refList(raw, kinds)
    const keys = NARROWING_KEYWORDS.filter((k) => k in node)
    if (node['additionalProperties'] === false) keys.push('additionalProperties')
    // Evidence with nothing to back (a node that only has x-known, say) is still shown, under "*".
    return Object.fromEntries((keys.length > 0 ? keys : ['*']).map((k) => [k, refs]))
  }
  if (raw !== null && typeof raw === 'object') {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, refList(v, kinds)]))
  }
  return undefined
}

/** Parses one reference string; `example ` marks a value only a page's example shows. */
export function parseRef(text: string, kinds: ReadonlyMap<string, SourceDef['kind']>): EvidenceRef {
  const trimmed = text.trim()
  const example = /^example\s+/.test(trimmed)
  const rest = example ? trimmed.replace(/^example\s+/, '') : trimmed
  const space = rest.search(/\s/)
  const source = space < 0 ? rest : rest.slice(0, space)
  const where = space < 0 ? '' : rest.slice(space).trim()
  const kind = kinds.get(source)
  const cls = kind === undefined ? undefined : example ? 'example' : CLASS_OF[kind]
  return { source, ...(where === '' ? {} : { where }), ...(cls === undefined ? {} : { class: cls }) }
}

const CLASS_OF: Readonly<Record<SourceDef['kind'], EvidenceClass>> = {
  upstream: 'code',
  capture: 'capture',
  seed: 'statement',
  docs: 'statement',
  reference: 'note',
}

function refList(value: unknown, kinds: ReadonlyMap<string, SourceDef['kind']>): EvidenceRef[] {
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v): v is string => typeof v === 'string').map((v) => parseRef(v, kinds))
}

/** A reference as one line of text: `lxd-main shared/api/status_code.go:8-26 (code)`. */
export function refText(ref: EvidenceRef): string {
  return `${ref.source}${ref.where === undefined ? '' : ` ${ref.where}`}${ref.class === undefined ? '' : ` (${ref.class})`}`
}
