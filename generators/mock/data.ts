import { stringifyExact } from '../../src/runtime/json.js'
import { parseExact } from '../../src/runtime/parse.js'
import { SEQUENCES } from '../../src/mock/feed.js'
import type { FeedData, InvalidTemplate, ServerVersion } from '../../src/mock/types.js'
import { projectFamily, sends } from '../../src/model/project.js'
import type { CatalogModel, EventModel, FamilyModel } from '../../src/model/types.js'
import { parseVersion } from '../../src/runtime/version.js'
import { buildFixtures } from '../fixtures/build.js'
import { streamEntries } from '../fixtures/stream.js'
import { FIXTURE_EPOCH_MS } from '../fixtures/time.js'
import type { EventFixtures } from '../fixtures/types.js'

/** How each platform carries its events, which decides what a mock of it can send. */
interface Profile {
  readonly driftAt: string
  readonly fieldStyle: FeedData['fieldStyle']
  readonly goEscape: boolean
  readonly channelAt?: string
  readonly projectAt?: string
  /** Whether an invalid value at this pointer can reach a client of the real platform. */
  readonly carries: (pointer: string) => boolean
  /** Groups the server sends only as protocol (welcome, replies) or that clients send: never in the feed. */
  readonly protocolGroups: readonly string[]
  /** Top-level fields that only targeted replies carry: removed from the fixtures a broadcast is made of. */
  readonly replyOnly: readonly string[]
}

const PROFILES: Readonly<Record<string, Profile>> = {
  // LXD writes api.Event with Go's encoding/json, so its envelope (type, timestamp, location, project) is always
  // well-formed; a client built on it (lxc) drops a frame it cannot decode. Only metadata (a json.RawMessage)
  // reaches a client as sent, so invalid values and unknown fields go there.
  lxd: {
    driftAt: '/metadata',
    fieldStyle: 'snake',
    goEscape: true,
    channelAt: '/type',
    projectAt: '/project',
    carries: (pointer) => pointer.startsWith('/metadata/'),
    protocolGroups: [],
    replyOnly: [],
  },
  // The hub routes by event_type, so a frame with a broken channel never reaches a subscriber. Welcome, pong,
  // client-id and errors are the protocol's own replies (events-hub-server.ts sends them), not feed events.
  'events-hub': {
    driftAt: '',
    fieldStyle: 'snake',
    goEscape: true,
    channelAt: '/event_type',
    carries: (pointer) => pointer !== '/event_type' && !/^\/(ref_id|client_id)(\/|$)/.test(pointer),
    protocolGroups: ['global', 'health', 'system', 'client'],
    // ref_id and client_id mark a reply to one client (pong, client-id); a broadcast to subscribers has neither.
    replyOnly: ['ref_id', 'client_id'],
  },
  // An AMQP body and a listener's JSON are opaque bytes: anything can be carried.
  i3d: { driftAt: '', fieldStyle: 'camel', goEscape: false, carries: () => true, protocolGroups: [], replyOnly: [] },
  batcher: {
    driftAt: '',
    fieldStyle: 'camel',
    goEscape: false,
    carries: () => true,
    protocolGroups: [],
    replyOnly: [],
  },
}

/** Any other family (a catalog of one's own): its messages are opaque JSON, as a listener or a queue carries them. */
const OPAQUE: Profile = {
  driftAt: '',
  fieldStyle: 'snake',
  goEscape: false,
  carries: () => true,
  protocolGroups: [],
  replyOnly: [],
}

const cache = new WeakMap<CatalogModel, Map<string, FeedData>>()

/**
 * What a family's mock feed is made of, from the catalog's fixtures: the weighted events of `evcat fixtures` (minus
 * the protocol's own messages), the invalid fixtures the platform's transport can carry, and one wire-like template
 * of each event its realistic sequences use. With `server` (a known version), exactly what that version sends: the
 * family projected to it (`projectFamily`), so its events, fields and fixtures are that version's. Memoized per model.
 */
export function buildFeedData(model: CatalogModel, family: string, server?: string): FeedData {
  let byFamily = cache.get(model)
  if (byFamily === undefined) cache.set(model, (byFamily = new Map()))
  const key = `${family}@${server ?? ''}`
  let data = byFamily.get(key)
  if (data === undefined) byFamily.set(key, (data = feedData(model, family, server)))
  return data
}

function feedData(model: CatalogModel, family: string, server: string | undefined): FeedData {
  const profile = PROFILES[family] ?? OPAQUE
  const whole = model.families.find((f) => f.id === family)
  if (whole === undefined) throw new RangeError(`no family "${family}" in the catalog`)
  const familyModel = server === undefined ? whole : projectFamily(whole, server)
  // Projected, only this family is built: fixtures are made per family, so the others are not needed.
  const scope = server === undefined ? model : { ...model, families: [familyModel] }
  const fixtures = buildFixtures(scope)
  const groupOf = new Map(familyModel.events.map((e) => [e.name, e.group]))
  const entries = streamEntries(scope, fixtures, family)
    .filter((e) => !profile.protocolGroups.includes(groupOf.get(e.event) ?? ''))
    .map((e) => ({ ...e, templates: e.templates.map((t) => without(t, profile.replyOnly)) }))
  const byEvent = new Map(entries.map((e) => [e.event, e]))
  const invalid: InvalidTemplate[] = []
  for (const f of fixtures) {
    const entry = byEvent.get(f.event)
    if (f.family !== family || entry === undefined) continue
    for (const x of f.invalid) {
      if (!profile.carries(x.pointer)) continue
      invalid.push({
        event: f.event,
        rule: x.rule,
        pointer: x.pointer,
        text: without(stringifyExact(x.value), profile.replyOnly),
        clockKeys: entry.clockKeys,
        ...(entry.versions === undefined ? {} : { versions: entry.versions }),
      })
    }
  }
  return {
    family,
    epochMs: FIXTURE_EPOCH_MS,
    entries,
    invalid,
    templates: templates(fixtures, family, server !== undefined),
    driftAt: profile.driftAt,
    fieldStyle: profile.fieldStyle,
    goEscape: profile.goEscape,
    ...(profile.channelAt === undefined ? {} : { channelAt: profile.channelAt }),
    ...(profile.projectAt === undefined ? {} : { projectAt: profile.projectAt }),
    ...(profile.channelAt === undefined ? {} : { channels: channels(whole, profile) }),
    ...(whole.versions === undefined ? {} : { servers: servers(whole, profile) }),
  }
}

/**
 * Each known server version with the channels it sends on: the routing values of the server events it sends, in
 * catalog order. The Events Hub mock takes its channel list (what `event_types` accepts) from here.
 */
function servers(family: FamilyModel, profile: Profile): ServerVersion[] {
  return (family.versions?.known ?? []).map((version) => {
    const v = parseVersion(version)!
    return { version, channels: channels(family, profile, (e) => sends(e, v)) }
  })
}

/** The routing values of the family's server events (those `which` keeps), once each, in catalog order. */
function channels(family: FamilyModel, profile: Profile, which: (e: EventModel) => boolean = () => true): string[] {
  const at = profile.channelAt
  if (at === undefined) return []
  const server = new Set(family.groups.filter((g) => g.direction === 'server').map((g) => g.id))
  const values = family.events.filter((e) => server.has(e.group) && which(e)).map((e) => e.match[at])
  return [...new Set(values.filter((c): c is string => c !== undefined))]
}

/**
 * For each event a sequence needs, its most complete wire example (most top-level fields; the first on a tie), or
 * its first valid fixture when the catalog has no example. Synthesized `full` forms are not wire-like: they carry
 * every optional field, such as the Events Hub's reply-only `ref_id`.
 */
function templates(fixtures: readonly EventFixtures[], family: string, oneVersion: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  for (const event of SEQUENCES[family]?.needs ?? []) {
    const f = fixtures.find((x) => x.family === family && x.event === event)
    // One server version need not send every event a sequence has a step for: those steps are left out.
    if (oneVersion && f === undefined) continue
    if (f === undefined || f.valid.length === 0) throw new RangeError(`the ${family} sequences need ${event}`)
    const size = (v: unknown): number => Object.keys(v as object).length
    const examples = f.valid.filter((v) => v.id.startsWith('example-'))
    const best = (examples.length > 0 ? examples : f.valid.slice(0, 1)).reduce((a, b) =>
      size(b.value) > size(a.value) ? b : a,
    )
    out[event] = stringifyExact(best.value)
  }
  return out
}

/** The JSON text without the given top-level fields. */
function without(text: string, keys: readonly string[]): string {
  if (keys.length === 0) return text
  const value = parseExact(text) as Record<string, unknown>
  for (const k of keys) delete value[k]
  return stringifyExact(value)
}
