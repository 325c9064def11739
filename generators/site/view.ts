import type { CatalogModel, EventModel, FamilyModel } from '../../src/model/types.js'
import { stringifyExact } from '../../src/runtime/json.js'
import { eventsOf } from '../docs/view-model.js'
import { catalogSchemes } from '../asyncapi/servers.js'
import { describeRange } from '../../src/schema/version-range.js'
import { sourceView, type Fact, type SourceView } from './event-view.js'
import { HOME, eventPath, familyPath, groupAnchor, rootOf } from './links.js'

// Plain text only: Handlebars escapes on output (see event-view.ts).

/** A page of the site beside the catalog's own (compatibility rules, changelog), linked from every page. */
export interface ExtraPage {
  readonly title: string
  readonly path: string
}

/** The home page: the catalog, its families with counts, and the extra pages. */
export interface HomeView {
  readonly root: string
  readonly title: string
  readonly summary?: string
  readonly version: string
  readonly eventCount: number
  readonly families: readonly {
    title: string
    href: string
    summary: string
    transport: string
    groups: number
    events: number
    corrections: number
  }[]
  readonly extra: readonly ExtraPage[]
}

/** A family's page: transport, envelope, groups and the events of each. */
export interface FamilyView {
  readonly root: string
  readonly title: string
  readonly id: string
  readonly summary: string
  readonly eventCount: number
  readonly transport: readonly Fact[]
  readonly query: readonly Fact[]
  readonly auth: readonly string[]
  readonly security: readonly Fact[]
  readonly transportNotes: readonly string[]
  readonly discriminator: string
  readonly versions?: string
  readonly notes: readonly string[]
  readonly envelope: string
  readonly sources: readonly SourceView[]
  readonly groups: readonly {
    anchor: string
    title: string
    summary?: string
    direction: string
    events: readonly { name: string; href: string; summary: string; versions: string }[]
  }[]
}

/** The home page's view. */
export function homeView(model: CatalogModel, extra: readonly ExtraPage[]): HomeView {
  return {
    root: rootOf(HOME),
    title: model.name,
    ...(model.summary === undefined ? {} : { summary: model.summary }),
    version: model.version,
    eventCount: model.families.reduce((n, f) => n + f.events.length, 0),
    families: model.families.map((f) => ({
      title: f.title,
      href: familyPath(f),
      summary: f.summary,
      transport: transportLine(f),
      groups: f.groups.length,
      events: f.events.length,
      corrections: f.events.reduce((n, e) => n + e.corrections.length, 0),
    })),
    extra,
  }
}

/** A family page's view. */
export function familyView(family: FamilyModel): FamilyView {
  const root = rootOf(familyPath(family))
  const t = family.transport
  const known = family.versions
  return {
    root,
    title: family.title,
    id: family.id,
    summary: family.summary,
    eventCount: family.events.length,
    transport: ['kind', 'endpoint', 'unixSocket', 'framing']
      .filter((k) => t[k] !== undefined)
      .map((k) => ({ label: LABELS[k] ?? k, value: text(t[k]) })),
    query: Object.entries(asRecord(t['query'])).map(([k, v]) => ({ label: k, value: text(v) })),
    auth: strings(t['auth']),
    security: catalogSchemes(family).map(([id, s]) => ({
      label: id,
      value: `${s.kind}${s.name === undefined ? '' : ` ${s.name}`}: ${s.description}`,
    })),
    transportNotes: strings(t['notes']),
    discriminator: family.discriminator.join(', then '),
    ...(known === undefined
      ? {}
      : { versions: `${known.known.join(', ')}${known.note === undefined ? '' : ` (${known.note})`}` }),
    notes: family.notes,
    envelope: stringifyExact(family.envelope, 2),
    sources: family.sources.map(sourceView),
    groups: family.groups.map((g) => ({
      anchor: groupAnchor(g.id),
      title: g.title,
      ...(g.summary === undefined ? {} : { summary: g.summary }),
      direction: g.direction === 'client' ? 'client to server' : 'server to client',
      events: eventsOf(family, g).map((e) => eventLink(family, e, root)),
    })),
  }
}

function eventLink(family: FamilyModel, e: EventModel, root: string) {
  return {
    name: e.name,
    href: `${root}${eventPath(family, e)}`,
    summary: e.summary,
    versions: e.sentBy === undefined ? '' : describeRange(e.sentBy),
  }
}

const LABELS: Readonly<Record<string, string>> = {
  kind: 'Kind',
  endpoint: 'Endpoint',
  unixSocket: 'Unix socket',
  framing: 'Framing',
}

function transportLine(f: FamilyModel): string {
  return [f.transport['kind'], f.transport['endpoint']].filter((x) => typeof x === 'string').join(' ')
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : stringifyExact(v)
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(text) : typeof v === 'string' ? [v] : []
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}
