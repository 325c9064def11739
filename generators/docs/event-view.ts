import type { JsonSchema } from '../../src/schema/types.js'
import { schemaAt } from '../../src/schema/merge.js'
import type {
  CorrectionModel,
  EventModel,
  ExampleModel,
  FamilyModel,
  PageClaimModel,
  SourceModel,
} from '../../src/model/types.js'
import { stringifyExact } from '../../src/runtime/json.js'
import type { EventFixtures } from '../fixtures/types.js'
import { codeSpan, escapeText, fenced, urlText, type FenceView } from './escape.js'
import { flattenFields } from '../../src/model/fields.js'
import { describeRange } from '../../src/schema/version-range.js'
import { messageFacts } from '../../src/model/field-facts.js'
import { enforcedText, fieldTable, valuesCell, type TableView } from './field-table.js'

export type { TableView } from './field-table.js'

// Every string in a view is finished Markdown: catalog text has been through escape.ts exactly once, so the
// templates only print (see render.ts: Handlebars runs with noEscape).

/** A labelled value (`**Label:** value`). */
export interface FactView {
  readonly label: string
  readonly value: string
}

/** A fenced block with a caption. */
export interface BlockView {
  readonly label: string
  readonly block: FenceView
}

/** One event's section. */
export interface EventView {
  readonly anchor: string
  readonly name: string
  readonly summary: string
  readonly description?: string
  readonly deprecated?: string
  readonly facts: readonly FactView[]
  readonly fields: TableView
  readonly provenance: TableView
  readonly pages: readonly PageClaimView[]
  readonly corrections: readonly CorrectionView[]
  readonly pageOnly: readonly BlockView[]
  readonly notes: readonly string[]
  readonly example?: BlockView
}

/** What one vendor page says of the event, verbatim; multi-line text goes into blocks. */
export interface PageClaimView {
  readonly source: string
  readonly section?: string
  readonly says: readonly FactView[]
  readonly blocks: readonly BlockView[]
}

/** A place where the page is wrong, rendered as a visible warning. */
export interface CorrectionView {
  readonly at: string
  readonly page: string
  readonly wire: string
  readonly sources: string
}

/**
 * The event's own fields (its payload's top-level keys), LXD's "Additional Information" column. Whether a key
 * is required is read from the composed message, where the envelope may require what the payload only narrows.
 */
export function ownFields(e: EventModel, definitions: Readonly<Record<string, JsonSchema>>): string {
  if (e.payload === undefined) return ''
  const composed = schemaAt(e.schema, e.payloadAt)
  const required = Array.isArray(composed?.['required']) ? (composed['required'] as unknown[]) : []
  const seen = new Set<string>()
  const out: string[] = []
  for (const row of flattenFields(e.payload, definitions)) {
    if (row.depth !== 0 || row.key === undefined || seen.has(row.key)) continue
    seen.add(row.key)
    const what =
      row.description !== undefined
        ? escapeText(row.description)
        : row.values !== undefined
          ? valuesCell(row)
          : escapeText(row.type)
    const optional = row.required !== true && !required.includes(row.key)
    out.push(`${codeSpan(row.path)}${optional ? ' (optional)' : ''}: ${what}`)
  }
  return out.join('<br>')
}

/** The Versions cell of an event's row: the versions that send it (`since 5.19`) and deprecation, or empty. */
export function versionsCell(e: EventModel): string {
  const parts: string[] = []
  if (e.sentBy !== undefined) parts.push(escapeText(describeRange(e.sentBy)))
  if (e.deprecated !== undefined) parts.push('⚠ deprecated')
  return parts.join(', ')
}

/** One event's section: facts, field table, provenance, the page's words and corrections, a valid example. */
export function eventView(
  family: FamilyModel,
  e: EventModel,
  anchors: PageAnchors,
  fixtures?: EventFixtures,
): EventView {
  const first = fixtures?.valid[0]
  const deprecated = e.deprecated
  return {
    anchor: anchors.event(e.name),
    name: codeSpan(e.name),
    summary: escapeText(e.summary),
    ...opt('description', e.description === undefined ? undefined : escapeText(e.description)),
    ...opt(
      'deprecated',
      deprecated === undefined
        ? undefined
        : `${escapeText(deprecated.reason)}${deprecated.replacedBy === undefined ? '' : ` (replaced by ${eventLink(family, deprecated.replacedBy, anchors)})`}`,
    ),
    facts: eventFacts(family, e, anchors),
    fields: fieldTable(flattenFields(e.schema, family.definitions), { sources: family.sources, match: e.match }),
    provenance: sourcesTable(e.sources, false),
    pages: e.pages.map((p) => pageClaim(p, family.sources)),
    corrections: e.corrections.map(correctionView),
    pageOnly: e.examples.filter((x) => !x.wire).map(exampleBlock),
    notes: e.notes.map(escapeText),
    ...opt(
      'example',
      first === undefined
        ? undefined
        : {
            label: `Fixture ${codeSpan(first.id)}: ${escapeText(first.note.replace(/[.:]\s*$/, ''))}.`,
            block: fenced(stringifyExact(first.value, 2), 'json'),
          },
    ),
  }
}

function eventFacts(family: FamilyModel, e: EventModel, anchors: PageAnchors): FactView[] {
  const group = family.groups.find((g) => g.id === e.group)
  const facts: FactView[] = [
    { label: 'Group', value: `[${escapeText(group?.title ?? e.group)}](${anchors.groupHref(e.group)})` },
    { label: 'Direction', value: direction(e.direction) },
    {
      label: 'Discriminator',
      value: Object.entries(e.match)
        .map(([p, v]) => `${codeSpan(p)} = ${codeSpan(JSON.stringify(v))}`)
        .join(', '),
    },
    { label: 'Payload at', value: e.payloadAt === '' ? 'the message root' : codeSpan(e.payloadAt) },
  ]
  if (e.emitter !== undefined) facts.push({ label: 'Emitter', value: escapeText(e.emitter) })
  if (e.gate !== undefined) facts.push({ label: 'Enabled by', value: escapeText(e.gate) })
  if (e.sentBy !== undefined)
    facts.push({ label: 'Sent by', value: `server versions ${escapeText(describeRange(e.sentBy))}` })
  const rules = messageFacts(e.schema, { sources: family.sources, match: e.match })
  if (rules.length > 0) facts.push({ label: 'Enforced on the message', value: rules.map(enforcedText).join('; ') })
  facts.push({ label: 'TypeScript type', value: codeSpan(e.typeName) })
  facts.push({ label: 'Defined in', value: codeSpan(`catalog/${e.source.file}:${e.source.line}`) })
  return facts
}

function pageClaim(p: PageClaimModel, sources: readonly SourceModel[]): PageClaimView {
  const says: FactView[] = []
  const blocks: BlockView[] = []
  const add = (label: string, text: string | undefined, lang = 'text'): void => {
    if (text === undefined) return
    if (text.includes('\n')) blocks.push({ label: `**${label}:**`, block: fenced(text, lang) })
    else says.push({ label, value: escapeText(text) })
  }
  add('Name', p.name)
  add('Says', p.summary)
  add('Example message', p.example, p.example?.trimStart().startsWith('{') ? 'json' : 'text')
  add('Details', p.details)
  const title = sources.find((s) => s.id === p.source)?.title
  return {
    source: `${title === undefined ? '' : `${escapeText(title)} `}(${codeSpan(p.source)})`,
    ...opt('section', p.section === undefined ? undefined : escapeText(p.section)),
    says,
    blocks,
  }
}

/** A correction as the visible warning's parts: where, what the page says, what the wire does, and who says so. */
export function correctionView(c: CorrectionModel): CorrectionView {
  return {
    at: c.pointer === undefined ? 'the event as a whole' : codeSpan(c.pointer),
    page: escapeText(c.page),
    wire: escapeText(c.wire),
    sources: c.sources.map(codeSpan).join(', '),
  }
}

function exampleBlock(x: ExampleModel): BlockView {
  const words = [x.title, x.note].filter((w): w is string => w !== undefined && w.trim() !== '').map(escapeText)
  const text = x.value !== undefined ? stringifyExact(x.value, 2) : (x.text ?? '')
  return {
    label: `From ${codeSpan(x.source)}${words.length > 0 ? `: ${words.join(' — ')}` : ''}:`,
    block: fenced(text, x.value !== undefined ? 'json' : 'text'),
  }
}

/** Sources as a table: id, kind, title, and where the fact lives (a seed page, repo@commit and paths, a capture, a URL). */
export function sourcesTable(sources: readonly SourceModel[], withPaths: boolean): TableView {
  return {
    header: ['Source', 'Kind', 'What', 'Where'],
    rows: sources.map((s) => [codeSpan(s.id), escapeText(s.kind), escapeText(s.title), where(s, withPaths)]),
  }
}

function where(s: SourceModel, withPaths: boolean): string {
  switch (s.kind) {
    case 'seed':
      return s.file === undefined ? '' : `seed page ${codeSpan(`shared/seeds/${s.file}`)}`
    case 'reference':
      return s.file === undefined ? '' : `reference note ${codeSpan(`shared/reference/${s.file}`)}`
    case 'capture':
      return [
        s.server === undefined ? '' : `captured from ${escapeText(s.server)}`,
        s.file === undefined ? '' : codeSpan(s.file),
      ]
        .filter((x) => x !== '')
        .join(', ')
    case 'docs':
      return s.url === undefined ? '' : urlText(s.url)
    case 'upstream': {
      const at = s.commit ?? s.tag
      const head = s.repo === undefined ? '' : codeSpan(at === undefined ? s.repo : `${s.repo}@${at}`)
      const paths = withPaths && s.paths !== undefined ? s.paths.map(codeSpan).join(', ') : ''
      return [head, paths].filter((x) => x !== '').join(': ')
    }
    default:
      return ''
  }
}

/** Stable anchors of one page: groups, then events, in page order; a clash gets `-2`, `-3`… in that order. */
export interface PageAnchors {
  group(id: string): string
  event(name: string): string
  /** A link to the group's section from the page being written: `#anchor`, or `../lxd.md#anchor`. */
  groupHref(id: string): string
  /** A link to the event's section from the page being written. */
  eventHref(name: string): string
}

function eventLink(family: FamilyModel, name: string, anchors: PageAnchors): string {
  return family.events.some((e) => e.name === name) ? `[${codeSpan(name)}](${anchors.eventHref(name)})` : codeSpan(name)
}

/** Who sends a group's messages, as the pages write it. */
export function direction(d: 'server' | 'client'): string {
  return d === 'client' ? 'client → server' : 'server → client'
}

/** `{ [key]: value }`, or `{}` when value is undefined (exactOptionalPropertyTypes forbids explicit undefined). */
export function opt<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}
