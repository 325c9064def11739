import { posix } from 'node:path'
import { cmp } from '../../src/errors.js'
import type { CatalogModel, EventModel, FamilyModel, GroupModel } from '../../src/model/types.js'
import { stringifyExact } from '../../src/runtime/json.js'
import type { EventFixtures } from '../fixtures/types.js'
import type { EventPage } from './pages.js'
import { codeSpan, escapeText } from './escape.js'
import {
  direction,
  eventView,
  opt,
  ownFields,
  sourcesTable,
  versionsCell,
  type EventView,
  type FactView,
  type PageAnchors,
  type TableView,
} from './event-view.js'

export * from './event-view.js'

// Every string in a view is finished Markdown: catalog text has been through escape.ts exactly once, so the
// templates only print (see render.ts: Handlebars runs with noEscape).

/** `docs/index.md`. */
export interface IndexView {
  readonly title: string
  readonly summary?: string
  readonly version: string
  readonly families: TableView
  readonly sections: readonly IndexFamilyView[]
}

/** One family on the index: what it is, how it travels, and its groups with event counts. */
export interface IndexFamilyView {
  readonly title: string
  readonly link: string
  readonly summary: string
  readonly transport: string
  readonly groups: TableView
}

/** `docs/<family>.md`. */
export interface FamilyPageView {
  readonly title: string
  readonly id: string
  readonly summary: string
  readonly eventCount: number
  readonly contents: readonly FactView[]
  readonly transport: readonly FactView[]
  readonly query?: TableView
  readonly auth: readonly string[]
  readonly transportNotes: readonly string[]
  readonly discriminator: string
  /** The server versions the catalog knows; absent when it models none. */
  readonly versions?: string
  /** What the list of known versions covers. */
  readonly versionsNote?: string
  readonly notes: readonly string[]
  readonly sources: TableView
  readonly groups: readonly GroupView[]
}

/** One group as the vendor page lays it out: a table of its events (a bullet list for go-batcher), then each event. */
export interface GroupView {
  readonly anchor: string
  readonly title: string
  readonly service?: string
  readonly summary?: string
  readonly facts: readonly FactView[]
  readonly table?: TableView
  readonly list?: readonly FactView[]
  readonly events: readonly EventView[]
  /** With split docs: the pages that hold this group's event sections. */
  readonly pages?: readonly FactView[]
}

/** The index page of every family. */
export function indexView(model: CatalogModel): IndexView {
  const families = model.families
  return {
    title: escapeText(model.name),
    ...opt('summary', model.summary === undefined ? undefined : escapeText(model.summary)),
    version: codeSpan(model.version),
    families: {
      header: ['Family', 'Transport', 'Groups', 'Events', 'Page corrections'],
      rows: families.map((f) => [
        `[${escapeText(f.title)}](${pageName(f)})`,
        transportLine(f),
        String(f.groups.length),
        String(f.events.length),
        String(correctionsCount(f)),
      ]),
    },
    sections: families.map((f) => {
      const page = pageAnchors(f)
      return {
        title: escapeText(f.title),
        link: pageName(f),
        summary: escapeText(f.summary),
        transport: transportLine(f),
        groups: {
          header: ['Group', 'Direction', 'Events'],
          rows: f.groups.map((g) => [
            `[${escapeText(g.title)}](${pageName(f)}#${page.group(g.id)})`,
            direction(g.direction),
            String(eventsOf(f, g).length),
          ]),
        },
      }
    }),
  }
}

/** How a family's docs are split: the family page, and the pages that hold the event sections. */
export interface FamilyLayout {
  readonly familyPage: string
  readonly pages: readonly EventPage[]
}

/**
 * A family's page: transport, sources, notes, then every group with its event table. Without `layout` the
 * event sections follow each group on the same page; with it, each group lists the pages that hold them.
 */
export function familyView(
  family: FamilyModel,
  fixtures: readonly EventFixtures[] = [],
  layout?: FamilyLayout,
): FamilyPageView {
  const anchors = pageAnchors(family, layout === undefined ? undefined : placeOf(layout, layout.familyPage))
  const byEvent = new Map(fixtures.filter((f) => f.family === family.id).map((f) => [f.event, f]))
  const t = family.transport
  return {
    title: escapeText(family.title),
    id: codeSpan(family.id),
    summary: escapeText(family.summary),
    eventCount: family.events.length,
    contents: family.groups.map((g) => ({
      label: `[${escapeText(g.title)}](${anchors.groupHref(g.id)})`,
      value: count(eventsOf(family, g).length, 'event'),
    })),
    transport: transportFacts(t),
    ...opt('query', queryTable(t['query'])),
    auth: strings(t['auth']).map(escapeText),
    transportNotes: strings(t['notes']).map(escapeText),
    discriminator: family.discriminator.map(codeSpan).join(', then '),
    ...opt('versions', family.versions?.known.map(codeSpan).join(', ')),
    ...opt('versionsNote', family.versions?.note === undefined ? undefined : escapeText(family.versions.note)),
    notes: family.notes.map(escapeText),
    sources: sourcesTable(family.sources, true),
    groups: family.groups.map((g) => {
      const view = groupView(family, g, anchors, byEvent)
      if (layout === undefined) return view
      const pages = layout.pages.filter((p) => p.group.id === g.id)
      return {
        ...view,
        events: [],
        pages: pages.map((p) => ({
          label: `[${escapeText(p.part ?? g.title)}](${posix.relative(posix.dirname(layout.familyPage), p.file)})`,
          value: count(p.events.length, 'event'),
        })),
      }
    }),
  }
}

/** A page of event sections (a group, or part of one), linked back to its family page and the index. */
export interface GroupPageView {
  readonly title: string
  readonly part?: string
  readonly family: string
  readonly group: string
  readonly index: string
  readonly summary?: string
  readonly events: readonly EventView[]
}

/** The view of one page of event sections. */
export function groupPageView(
  family: FamilyModel,
  page: EventPage,
  layout: FamilyLayout,
  fixtures: readonly EventFixtures[] = [],
): GroupPageView {
  const anchors = pageAnchors(family, placeOf(layout, page.file))
  const byEvent = new Map(fixtures.filter((f) => f.family === family.id).map((f) => [f.event, f]))
  const up = (target: string): string => posix.relative(posix.dirname(page.file), target)
  return {
    title: `${escapeText(family.title)}: ${escapeText(page.group.title)}`,
    ...opt('part', page.part === undefined ? undefined : codeSpan(page.part)),
    family: `[${escapeText(family.title)}](${up(layout.familyPage)})`,
    group: `[${escapeText(page.group.title)}](${anchors.groupHref(page.group.id)})`,
    index: `[the catalog index](${up('index.md')})`,
    ...opt('summary', page.group.summary === undefined ? undefined : escapeText(page.group.summary)),
    events: page.events.map((e) => eventView(family, e, anchors, byEvent.get(e.name))),
  }
}

function placeOf(layout: FamilyLayout, from: string): PagePlace {
  const pageOf = new Map<string, string>()
  for (const p of layout.pages) for (const e of p.events) pageOf.set(e.name, p.file)
  return { from, familyPage: layout.familyPage, pageOf }
}

function groupView(
  family: FamilyModel,
  group: GroupModel,
  anchors: PageAnchors,
  fixtures: ReadonlyMap<string, EventFixtures>,
): GroupView {
  const events = eventsOf(family, group)
  const link = (e: EventModel): string => `[${codeSpan(e.name)}](${anchors.eventHref(e.name)})`
  // go-batcher's page is a bullet list per emitter; its events (and only its) say what enables them.
  const asList = events.length > 0 && events.every((e) => e.gate !== undefined)
  return {
    anchor: anchors.group(group.id),
    title: escapeText(group.title),
    ...opt('service', group.service === undefined ? undefined : codeSpan(group.service)),
    ...opt('summary', group.summary === undefined ? undefined : escapeText(group.summary)),
    facts: groupFacts(family, group, events),
    ...(asList
      ? { list: events.map((e) => ({ label: link(e), value: listText(e) })) }
      : events.length > 0
        ? { table: summaryTable(family, group, events, link) }
        : {}),
    events: events.map((e) => eventView(family, e, anchors, fixtures.get(e.name))),
  }
}

/** The group's summary table: name, (i3D) the page's example message, summary, the event's own fields, versions. */
function summaryTable(
  family: FamilyModel,
  group: GroupModel,
  events: readonly EventModel[],
  link: (e: EventModel) => string,
): TableView {
  const withExample = group.service !== undefined
  const header = withExample
    ? ['Event name', 'Example message', 'Summary', 'Fields', 'Versions']
    : ['Name', 'Description', 'Additional Information', 'Versions']
  const rows = events.map((e) => {
    const example = e.pages.find((p) => p.example !== undefined)?.example ?? ''
    const cells = [
      link(e),
      e.summary === '' ? '' : escapeText(e.summary),
      ownFields(e, family.definitions),
      versionsCell(e),
    ]
    return withExample ? [cells[0]!, escapeText(example), ...cells.slice(1)] : cells
  })
  return { header, rows }
}

function listText(e: EventModel): string {
  const parts = [escapeText(e.summary)]
  if (e.emitter !== undefined) parts.push(`Emitter: ${escapeText(e.emitter)}.`)
  if (e.gate !== undefined) parts.push(`Enabled by: ${escapeText(e.gate)}.`)
  const versions = versionsCell(e)
  if (versions !== '') parts.push(`Versions: ${versions}.`)
  return parts.join(' ')
}

function groupFacts(family: FamilyModel, group: GroupModel, events: readonly EventModel[]): FactView[] {
  const facts: FactView[] = [{ label: 'Direction', value: direction(group.direction) }]
  // The model keeps no group-level match; the values every event of the group shares are the group's.
  const shared = family.discriminator.filter(
    (p) => p !== group.key && events.length > 0 && events.every((e) => e.match[p] === events[0]!.match[p]),
  )
  const values = shared
    .filter((p) => events[0]!.match[p] !== undefined)
    .map((p) => `${codeSpan(p)} = ${codeSpan(JSON.stringify(events[0]!.match[p]))}`)
  if (values.length > 0) facts.push({ label: 'Matched by', value: values.join(', ') })
  if (group.key !== undefined)
    facts.push({ label: 'Event key', value: `${codeSpan(group.key)} (each event's own value)` })
  facts.push({ label: 'Payload at', value: group.payloadAt === '' ? 'the message root' : codeSpan(group.payloadAt) })
  facts.push({ label: 'Events', value: String(events.length) })
  if (group.sources.length > 0)
    facts.push({ label: 'Sources', value: group.sources.map((s) => codeSpan(s.id)).join(', ') })
  return facts
}

function transportFacts(t: Readonly<Record<string, unknown>>): FactView[] {
  const labels: Record<string, string> = {
    kind: 'Kind',
    endpoint: 'Endpoint',
    unixSocket: 'Unix socket',
    framing: 'Framing',
  }
  const facts: FactView[] = []
  for (const [key, value] of Object.entries(t)) {
    if (key === 'query' || key === 'auth' || key === 'notes' || key === 'security' || key === 'groupChannels') continue
    const text = typeof value === 'string' ? value : stringifyExact(value)
    facts.push({
      label: escapeText(labels[key] ?? key),
      value: key === 'endpoint' || key === 'unixSocket' ? codeSpan(text) : escapeText(text),
    })
  }
  return facts
}

function queryTable(query: unknown): TableView | undefined {
  if (query === null || typeof query !== 'object') return undefined
  return {
    header: ['Query parameter', 'Meaning'],
    rows: Object.entries(query).map(([k, v]) => [
      codeSpan(k),
      escapeText(typeof v === 'string' ? v : stringifyExact(v)),
    ]),
  }
}

function transportLine(f: FamilyModel): string {
  const kind = f.transport['kind']
  const endpoint = f.transport['endpoint']
  return [typeof kind === 'string' ? escapeText(kind) : '', typeof endpoint === 'string' ? codeSpan(endpoint) : '']
    .filter((s) => s !== '')
    .join(' ')
}

function correctionsCount(f: FamilyModel): number {
  return f.events.reduce((n, e) => n + e.corrections.length, 0)
}

/** Where the page being written sits, and where each event's section is; paths relative to the docs folder. */
export interface PagePlace {
  readonly from: string
  readonly familyPage: string
  readonly pageOf: ReadonlyMap<string, string>
}

/**
 * Decides every anchor of a family's pages once. Without `place`, every section is on one page and links are
 * `#anchor`; with it, links lead from `place.from` to the page that holds the section (groups: the family page).
 */
export function pageAnchors(family: FamilyModel, place?: PagePlace): PageAnchors {
  const used = new Set<string>()
  const take = (base: string): string => {
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`
    used.add(id)
    return id
  }
  const groups = new Map(family.groups.map((g) => [g.id, take(slug(`${family.id}-group-${g.id}`))]))
  const events = new Map<string, string>()
  for (const g of family.groups)
    for (const e of eventsOf(family, g)) events.set(e.name, take(slug(`${family.id}-${e.name}`)))
  const group = (id: string): string => groups.get(id) ?? slug(`${family.id}-group-${id}`)
  const event = (name: string): string => events.get(name) ?? slug(`${family.id}-${name}`)
  const href = (page: string | undefined, anchor: string): string =>
    place === undefined || page === undefined || page === place.from
      ? `#${anchor}`
      : `${posix.relative(posix.dirname(place.from), page)}#${anchor}`
  return {
    group,
    event,
    groupHref: (id) => href(place?.familyPage, group(id)),
    eventHref: (name) => href(place?.pageOf.get(name), event(name)),
  }
}

/** An anchor id: lower case, runs of anything but `a-z0-9` become one `-`. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  )
}

/**
 * The events of a group in the order the catalog declares them (file, then line); the catalog's group
 * files follow their vendor page, so the page's order (i3D's AIM table, go-batcher's lists) is kept.
 */
export function eventsOf(family: FamilyModel, group: GroupModel): EventModel[] {
  return family.events
    .filter((e) => e.group === group.id)
    .sort((a, b) => cmp(a.source.file, b.source.file) || a.source.line - b.source.line || cmp(a.name, b.name))
}

/** The page file of a family, relative to the docs folder. */
export function pageName(family: FamilyModel): string {
  return `${family.id}.md`
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v : stringifyExact(v)))
    : typeof value === 'string'
      ? [value]
      : []
}
