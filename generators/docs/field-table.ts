import { memoPerObject } from '../../src/memo.js'
import { fieldFacts, type ConstraintFact, type FactsContext, type KnownFact } from '../../src/model/field-facts.js'
import type { FieldRow } from '../../src/model/fields.js'
import { stringifyExact } from '../../src/runtime/json.js'
import { codeSpan, escapeText } from './escape.js'

// An event's field table in Markdown: the rows of `flattenFields` and the facts of `fieldFacts` (what each field
// enforces and why, which values are only known, which versions send it), every cell escaped once here.

/** A Markdown table: header cells and rows of cells, each cell already escaped. */
export interface TableView {
  readonly header: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

/**
 * The field table: field, type, required, versions, meaning, values (known ones marked), enforced and why.
 * Remembered per rows list and context: `familyLayout` renders an event's section once to measure its page and
 * again to write it, and the table is the same.
 */
export const fieldTable: (rows: readonly FieldRow[], ctx: FactsContext) => TableView = memoPerObject(
  buildTable,
  (_rows, ctx) => [ctx.sources, ctx.match],
  // One table per event (284 in the real catalog); each is large, so fewer are kept than by the other memos.
  512,
)

function buildTable(rows: readonly FieldRow[], ctx: FactsContext): TableView {
  return {
    header: ['Field', 'Type', 'Required', 'Versions', 'Meaning', 'Values', 'Enforced (evidence)'],
    rows: rows.map((r) => {
      const facts = fieldFacts(r, ctx)
      return [
        `${r.path === '' ? '(the message)' : codeSpan(r.path)}${r.variant.length > 0 ? ` (${escapeText(r.variant.join(', '))})` : ''}`,
        escapeText(r.type),
        r.required === undefined ? '' : r.required ? 'yes' : 'no',
        facts.versions === undefined ? '' : escapeText(facts.versions.text),
        meaning(r),
        [r.values === undefined ? '' : valuesCell(r, facts.known), ...r.constraints.map(constraintText)]
          .filter((s) => s !== '')
          .join('<br>'),
        facts.enforced.map(enforcedText).join('<br>'),
      ]
    }),
  }
}

/** One enforced constraint: `` `enum` code `lxd-main a.go:8` `` (its keyword, each reference's class and citation). */
export function enforcedText(c: ConstraintFact): string {
  const refs = c.evidence.map((e) => `${e.class ?? 'unknown source'} ${codeSpan(e.citation)}`).join('; ')
  switch (c.basis) {
    case 'own':
      return `${codeSpan(c.keyword)}: ${refs}`
    case 'choice':
      // The choice's own row lists its references; repeating them on every branch would only add weight.
      return `${codeSpan(c.keyword)}: by the ${codeSpan(c.via ?? '')} of ${c.viaAt ? codeSpan(c.viaAt) : 'the message'}`
    case 'composed':
      return `${codeSpan(c.keyword)}: ${c.via === 'discriminator' ? 'the discriminator value' : 'composed by evcat'}`
  }
}

function meaning(r: FieldRow): string {
  const parts: string[] = []
  if (r.description !== undefined) parts.push(escapeText(r.description))
  if (r.note !== undefined) parts.push(`Note: ${escapeText(r.note)}`)
  if (r.sources.length > 0) parts.push(`Sources: ${r.sources.map(codeSpan).join(', ')}`)
  return parts.join('<br>')
}

/**
 * A field's values: always X (const), one of X, Y (enum), or known values of an open set with where they are
 * known from (`only from page examples: example seed-i3d l.77`), which validation does not enforce.
 */
export function valuesCell(r: FieldRow, known?: KnownFact): string {
  const list = r.values!.list.map((v) => codeSpan(stringifyExact(v))).join(', ')
  if (r.values!.kind === 'const') return `always ${list}`
  if (r.values!.kind === 'enum') return `one of ${list}`
  if (known === undefined) return `known: ${list} (others possible)`
  const from = known.onlyExamples
    ? 'only from page examples'
    : known.evidence.length === 0
      ? escapeText(known.from)
      : `from ${escapeText(known.from)}`
  const cited = known.evidence.length === 0 ? '' : `: ${known.evidence.map((e) => codeSpan(e.citation)).join(', ')}`
  return `known: ${list} (others possible; not enforced; ${from}${cited})`
}

function constraintText(c: string): string {
  return c.startsWith('pattern ') ? `pattern ${codeSpan(c.slice('pattern '.length))}` : escapeText(c)
}
