import type { EventModel, FamilyModel } from '../../src/model/types.js'
import { stringifyExact } from '../../src/runtime/json.js'
import { flattenFields, type FieldRow } from '../../src/model/fields.js'
import type { EventFixtures } from '../fixtures/types.js'
import type { SourceModel } from '../../src/model/types.js'
import { backingText, fieldFacts, knownText, messageFacts, type FactsContext } from '../../src/model/field-facts.js'
import { describeRange } from '../../src/schema/version-range.js'
import { eventPath, familyPath, groupAnchor, rootOf, safeUrl } from './links.js'

// Views hold plain text: Handlebars escapes every value as it prints it (HTML escaping is on), so nothing here
// escapes, and no catalog string ever reaches the page unescaped.

/** A labelled value. */
export interface Fact {
  readonly label: string
  readonly value: string
}

/** One row of an event's field table. */
export interface FieldView {
  readonly path: string
  readonly depth: number
  readonly variant: string
  readonly type: string
  readonly required: string
  readonly versions: string
  readonly meaning: readonly string[]
  readonly values: readonly string[]
  /** Each enforced constraint: its keyword and why (`code lxd-main a.go:8`, `the discriminator value`). */
  readonly enforced: readonly { readonly keyword: string; readonly why: string }[]
}

/** A source: id, kind, title, where it lives, and a link when it is a web page. */
export interface SourceView {
  readonly id: string
  readonly kind: string
  readonly title: string
  readonly where: string
  readonly href?: string
}

/** A block of verbatim text (JSON, a page's words) with a caption. */
export interface BlockView {
  readonly label: string
  readonly text: string
}

/** An event's page. */
export interface EventPageView {
  readonly root: string
  readonly title: string
  readonly familyTitle: string
  readonly familyHref: string
  readonly groupTitle: string
  readonly groupHref: string
  readonly name: string
  readonly summary: string
  readonly description?: string
  readonly deprecated?: string
  readonly facts: readonly Fact[]
  readonly corrections: readonly { at: string; page: string; wire: string; sources: string }[]
  readonly fields: readonly FieldView[]
  readonly provenance: readonly SourceView[]
  readonly pages: readonly { source: string; says: readonly Fact[]; blocks: readonly BlockView[] }[]
  readonly pageOnly: readonly BlockView[]
  readonly notes: readonly string[]
  readonly valid: readonly BlockView[]
  readonly invalid: readonly BlockView[]
}

/** The view of one event's page. */
export function eventPageView(family: FamilyModel, e: EventModel, fixtures?: EventFixtures): EventPageView {
  const root = rootOf(eventPath(family, e))
  const group = family.groups.find((g) => g.id === e.group)
  const versions = e.sentBy === undefined ? '' : describeRange(e.sentBy)
  const ctx: FactsContext = { sources: family.sources, match: e.match }
  return {
    root,
    title: `${e.name} (${family.title})`,
    familyTitle: family.title,
    familyHref: `${root}${familyPath(family)}`,
    groupTitle: group?.title ?? e.group,
    groupHref: `${root}${familyPath(family)}#${groupAnchor(e.group)}`,
    name: e.name,
    summary: e.summary,
    ...(e.description === undefined ? {} : { description: e.description }),
    ...(e.deprecated === undefined
      ? {}
      : {
          deprecated: `${e.deprecated.reason}${e.deprecated.replacedBy === undefined ? '' : ` (replaced by ${e.deprecated.replacedBy})`}`,
        }),
    facts: [
      { label: 'Direction', value: e.direction === 'client' ? 'client to server' : 'server to client' },
      {
        label: 'Discriminator',
        value: Object.entries(e.match)
          .map(([p, v]) => `${p} = ${JSON.stringify(v)}`)
          .join(', '),
      },
      { label: 'Payload at', value: e.payloadAt === '' ? 'the message root' : e.payloadAt },
      ...(versions === '' ? [] : [{ label: 'Sent by', value: `server versions ${versions}` }]),
      ...messageFacts(e.schema, ctx).map((c) => ({
        label: `Enforced on the message: ${c.keyword}`,
        value: backingText(c),
      })),
      ...(e.emitter === undefined ? [] : [{ label: 'Emitter', value: e.emitter }]),
      ...(e.gate === undefined ? [] : [{ label: 'Enabled by', value: e.gate }]),
      { label: 'TypeScript type', value: e.typeName },
      { label: 'Defined in', value: `catalog/${e.source.file}:${e.source.line}` },
    ],
    corrections: e.corrections.map((c) => ({
      at: c.pointer ?? 'the event as a whole',
      page: c.page,
      wire: c.wire,
      sources: c.sources.join(', '),
    })),
    fields: flattenFields(e.schema, family.definitions).map((r) => fieldView(r, ctx)),
    provenance: e.sources.map(sourceView),
    pages: e.pages.map((p) => ({
      source: `${family.sources.find((s) => s.id === p.source)?.title ?? ''} (${p.source})`.trim(),
      says: [
        ...(p.section === undefined ? [] : [{ label: 'Section', value: p.section }]),
        ...(p.name === undefined ? [] : [{ label: 'Name', value: p.name }]),
        ...(p.summary === undefined ? [] : [{ label: 'Says', value: p.summary }]),
      ],
      blocks: [
        ...(p.example === undefined ? [] : [{ label: 'Example message', text: p.example }]),
        ...(p.details === undefined ? [] : [{ label: 'Details', text: p.details }]),
      ],
    })),
    pageOnly: e.examples
      .filter((x) => !x.wire)
      .map((x) => ({
        label: [`From ${x.source}`, x.title, x.note].filter((w) => w !== undefined && w !== '').join(': '),
        text: x.value !== undefined ? stringifyExact(x.value, 2) : (x.text ?? ''),
      })),
    notes: e.notes,
    valid: (fixtures?.valid ?? []).map((f) => ({ label: `${f.id}: ${f.note}`, text: stringifyExact(f.value, 2) })),
    invalid: (fixtures?.invalid ?? []).map((f) => ({
      label: `${f.id}: breaks ${f.rule} at ${f.pointer}. ${f.note}`,
      text: stringifyExact(f.value, 2),
    })),
  }
}

/** A field row with what it enforces and why, its known values and the versions that send it (plain text). */
export function fieldView(r: FieldRow, ctx: FactsContext): FieldView {
  const facts = fieldFacts(r, ctx)
  const values =
    r.values === undefined
      ? []
      : r.values.kind === 'known' && facts.known !== undefined
        ? [`known: ${knownText(facts.known)}`]
        : [
            `${r.values.kind === 'const' ? 'always' : r.values.kind === 'enum' ? 'one of' : 'known (others possible):'} ${r.values.list.map((v) => stringifyExact(v)).join(', ')}`,
          ]
  return {
    path: r.path === '' ? '(the message)' : r.path,
    depth: r.depth,
    variant: r.variant.join(', '),
    type: r.type,
    required: r.required === undefined ? '' : r.required ? 'yes' : 'no',
    versions: facts.versions?.text ?? '',
    meaning: [
      ...(r.description === undefined ? [] : [r.description]),
      ...(r.note === undefined ? [] : [`Note: ${r.note}`]),
      ...(r.sources.length === 0 ? [] : [`Sources: ${r.sources.join(', ')}`]),
    ],
    values: [...values, ...r.constraints],
    enforced: facts.enforced.map((c) => ({ keyword: c.keyword, why: backingText(c) })),
  }
}

/** A source for a provenance table. */
export function sourceView(s: SourceModel): SourceView {
  const href = safeUrl(s.url)
  return { id: s.id, kind: s.kind, title: s.title, where: where(s), ...(href === undefined ? {} : { href }) }
}

function where(s: SourceModel): string {
  switch (s.kind) {
    case 'seed':
      return s.file === undefined ? '' : `seed page shared/seeds/${s.file}`
    case 'reference':
      return s.file === undefined ? '' : `reference note shared/reference/${s.file}`
    case 'capture':
      return [s.server === undefined ? '' : `captured from ${s.server}`, s.file ?? '']
        .filter((x) => x !== '')
        .join(', ')
    case 'docs':
      return s.url ?? ''
    case 'upstream': {
      const at = s.commit ?? s.tag
      return s.repo === undefined ? '' : at === undefined ? s.repo : `${s.repo}@${at}`
    }
    default:
      return ''
  }
}
