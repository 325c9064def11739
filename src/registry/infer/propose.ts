import type { JsonSchema } from '../../schema/types.js'
import { cmp } from '../../errors.js'
import { schemaAt } from '../../schema/merge.js'
import type { EventModel, FamilyModel } from '../../model/types.js'
import { toPath, valueAt } from '../../runtime/pointer.js'
import type { NewKnownValues, Observations, Sample, UnknownEvent } from './collect.js'
import { eventPath, eventsText, familyOf, type Out, type Proposal, type ProposeContext } from './context.js'
import { withEvidence } from './evidence.js'
import { groupFields, newField } from './fields.js'
import { locate, type Location } from './locate.js'
import { Patches } from './patches.js'
import { count, inferSchema } from './shape.js'
import { CaptureSources } from './sources.js'
import { describeKeys, widen, widenReasons } from './widen.js'
import { Append, Insert, Raw, jsonText } from './yaml-edit.js'

export type { Proposal, ProposeContext } from './context.js'

/** Turns observations into proposals and the per-file patches that make them. */
export function propose(obs: Observations, ctx: ProposeContext): { proposals: Proposal[]; patches: Patches } {
  const out = { proposals: [] as Proposal[], patches: new Patches() }
  const sources = new CaptureSources(ctx, out)
  for (const e of [...obs.events.values()].sort((a, b) => cmp(a.family, b.family) || cmp(a.name, b.name)))
    newEvent(ctx, sources, out, e)
  for (const group of groupFields(ctx, [...obs.fields.values()])) newField(ctx, sources, out, group, obs)
  for (const group of groupKnown(ctx, [...obs.known.values()])) newKnown(ctx, sources, out, group)
  return out
}

function newEvent(ctx: ProposeContext, sources: CaptureSources, out: Out, e: UnknownEvent): void {
  const { family } = familyOf(ctx, e.family)
  const existing = family.events.find((x) => x.name === e.name)
  if (existing !== undefined) return widenEvent(ctx, sources, out, existing, e.samples)
  const group = family.groups.find((g) => g.id === e.group)!
  const server = ctx.server?.family === e.family ? ctx.server.version : undefined
  const ids = sources.idsFor(e.family, e.samples)
  const reasons: string[] = []
  const payload = payloadOf(group.schema, group.payloadAt, e.samples, reasons)
  const entry: Record<string, unknown> = {
    name: e.name,
    summary: `Seen in ${ids.join(', ')} (${count(e.samples.length)} record${e.samples.length === 1 ? '' : 's'}); not yet described.`,
    ...(payload === undefined ? {} : { payload: withEvidence(payload, sources.refs(e.family, e.samples)) }),
    // Seen in one version's captures: that version is all they show.
    ...(server === undefined ? {} : { versions: server }),
    sources: ids,
    examples: [{ source: ids[0], wire: true, value: new Raw(jsonText(e.samples[0]!.value)) }],
  }
  const { file, index } = placeEvent(ctx, family, e.group, e.name)
  out.patches.add(file, [], { events: new Insert([{ index, value: entry }]) })
  out.proposals.push({
    kind: 'event',
    family: e.family,
    subject: `${e.group}/${e.name}`,
    what: `new event with ${payload === undefined ? 'no payload' : `its payload inferred from ${count(e.samples.length)} sample${e.samples.length === 1 ? '' : 's'}`}${server === undefined ? '' : `, sent by ${server} (versions)`}`,
    evidence: sources.describe(e.family, e.samples),
    file,
    reasons,
  })
}

// The event's own part: the values at the group's payloadAt, less the fields the group already defines there.
function payloadOf(
  groupSchema: JsonSchema,
  at: string,
  samples: readonly Sample[],
  reasons: string[],
): JsonSchema | undefined {
  const known = Object.keys((schemaAt(groupSchema, at)?.['properties'] ?? {}) as object)
  const parts = samples.map((s) => valueAt(s.value, toPath(at)))
  const present = parts.filter(
    (p): p is Record<string, unknown> => p !== null && typeof p === 'object' && !Array.isArray(p),
  )
  if (present.length === 0) return at === '' ? undefined : { type: 'object', properties: {} }
  const own = present.map((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !known.includes(k))))
  const inferred = inferSchema(own, at)
  reasons.push(...inferred.reasons)
  const schema = { ...inferred.schema }
  // Composition requires a payload that has required fields; some records came without one.
  if (present.length < samples.length && schema['required'] !== undefined) {
    delete schema['required']
    reasons.push(
      `${at}: absent in ${samples.length - present.length} of ${samples.length} records, so no field is required`,
    )
  }
  return schema
}

function placeEvent(
  ctx: ProposeContext,
  family: FamilyModel,
  group: string,
  name: string,
): { file: string; index: number } {
  const words = (s: string) => s.split(/[-_/.]/)
  const shared = (a: string, b: string) => {
    const [x, y] = [words(a), words(b)]
    let n = 0
    while (n < x.length && x[n] === y[n]) n++
    return n
  }
  // The file whose events name the same entity (all words but the last: instance-created → instance) wins,
  // then the one sharing the longest name prefix with more of its events.
  const entity = (s: string) => words(s).slice(0, -1).join('-')
  const files = [...new Set(family.events.filter((e) => e.group === group).map((e) => e.source.file))].sort(cmp)
  let best = files[0] ?? `${family.id}/${group}.yaml`
  let score = [-1, -1, -1]
  for (const f of files) {
    const names = family.events.filter((e) => e.source.file === f).map((e) => e.name)
    const longest = Math.max(...names.map((n) => shared(n, name)))
    const s = [
      names.filter((n) => entity(n) === entity(name)).length,
      longest,
      names.filter((n) => shared(n, name) === longest).length,
    ]
    if (s[0]! > score[0]! || (s[0] === score[0] && (s[1]! > score[1]! || (s[1] === score[1] && s[2]! > score[2]!))))
      [best, score] = [f, s]
  }
  const names = ((ctx.files.get(best)?.['events'] ?? []) as { name: string }[]).map((e) => e.name)
  const sorted = names.every((n, i) => i === 0 || cmp(names[i - 1]!, n) <= 0)
  const index = sorted ? names.filter((n) => cmp(n, name) < 0).length : names.length
  return { file: best, index }
}

function widenEvent(
  ctx: ProposeContext,
  sources: CaptureSources,
  out: Out,
  event: EventModel,
  samples: readonly Sample[],
): void {
  const version = ctx.server!.version
  const keys = { since: event.since, until: event.until, versions: event.versions }
  out.patches.add(event.source.file, eventPath(event), widen(keys, version, ''))
  out.proposals.push({
    kind: 'versions',
    family: event.family,
    subject: event.name,
    what: `sent by ${version} too (was ${describeKeys(keys)})`,
    evidence: sources.describe(event.family, samples),
    file: event.source.file,
    reasons: widenReasons(keys, version),
  })
}

function groupKnown(ctx: ProposeContext, hints: readonly NewKnownValues[]) {
  const out = new Map<string, { family: string; at: Location; events: string[]; samples: Sample[] }>()
  for (const h of hints) {
    const { family, raw } = familyOf(ctx, h.family)
    const at = locate(
      family,
      raw,
      family.events.find((e) => e.name === h.event)!,
      h.path,
    )
    if (at?.node === undefined || !Array.isArray(at.node['x-known'])) continue
    const key = `${at.file}#${at.path.join('/')}`
    const entry = out.get(key) ?? { family: h.family, at, events: [], samples: [] }
    entry.events.push(h.event)
    entry.samples.push(...h.samples)
    out.set(key, entry)
  }
  return [...out.values()]
}

function newKnown(
  ctx: ProposeContext,
  sources: CaptureSources,
  out: Out,
  g: { family: string; at: Location; events: string[]; samples: Sample[] },
): void {
  const values = [...new Map(g.samples.map((s) => [JSON.stringify(s.value), s.value])).values()].sort((a, b) =>
    cmp(String(a), String(b)),
  )
  out.patches.add(g.at.file, g.at.path, { 'x-known': new Append(values) })
  out.proposals.push({
    kind: 'known',
    family: g.family,
    subject: `${eventsText(g.events)} ${g.at.path.join('.')}`,
    what: `known values + ${values.map((v) => JSON.stringify(v)).join(', ')}`,
    evidence: sources.describe(g.family, g.samples),
    file: g.at.file,
    reasons: [],
  })
  void ctx
}
