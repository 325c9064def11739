import { stringifyExact } from '../../src/runtime/json.js'
import { parseExact } from '../../src/runtime/parse.js'
import { SEQUENCES } from '../../src/mock/feed.js'
import type { FeedData, InvalidTemplate } from '../../src/mock/types.js'
import type { CatalogModel } from '../../src/model/types.js'
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
 * of each event its realistic sequences use. Memoized per model.
 */
export function buildFeedData(model: CatalogModel, family: string): FeedData {
  let byFamily = cache.get(model)
  if (byFamily === undefined) cache.set(model, (byFamily = new Map()))
  let data = byFamily.get(family)
  if (data === undefined) byFamily.set(family, (data = feedData(model, buildFixtures(model), family)))
  return data
}

function feedData(model: CatalogModel, fixtures: readonly EventFixtures[], family: string): FeedData {
  const profile = PROFILES[family] ?? OPAQUE
  const familyModel = model.families.find((f) => f.id === family)
  if (familyModel === undefined) throw new RangeError(`no family "${family}" in the catalog`)
  const groupOf = new Map(familyModel.events.map((e) => [e.name, e.group]))
  const entries = streamEntries(model, fixtures, family)
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
        ...(entry.since === undefined ? {} : { since: entry.since }),
        ...(entry.until === undefined ? {} : { until: entry.until }),
      })
    }
  }
  return {
    family,
    epochMs: FIXTURE_EPOCH_MS,
    entries,
    invalid,
    templates: templates(fixtures, family),
    driftAt: profile.driftAt,
    fieldStyle: profile.fieldStyle,
    goEscape: profile.goEscape,
    ...(profile.channelAt === undefined ? {} : { channelAt: profile.channelAt }),
    ...(profile.projectAt === undefined ? {} : { projectAt: profile.projectAt }),
  }
}

/**
 * For each event a sequence needs, its most complete wire example (most top-level fields; the first on a tie), or
 * its first valid fixture when the catalog has no example. Synthesized `full` forms are not wire-like: they carry
 * every optional field, such as the Events Hub's reply-only `ref_id`.
 */
function templates(fixtures: readonly EventFixtures[], family: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const event of SEQUENCES[family]?.needs ?? []) {
    const f = fixtures.find((x) => x.family === family && x.event === event)
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
