import { basename, dirname, relative, resolve } from 'node:path'
import type { JsonSchema } from '../../schema/types.js'
import { isNarrowing } from '../../catalog/check-evidence.js'
import { cmp } from '../../errors.js'
import { schemaAt } from '../../schema/merge.js'
import { walk } from '../../schema/walk.js'
import type { CatalogModel, EventModel, FamilyModel } from '../../model/types.js'
import { toPath, valueAt } from '../../runtime/pointer.js'
import type { NewKnownValues, Observations, Sample, UnknownEvent, UnknownField } from './collect.js'
import { locate, type FamilyFile, type Location } from './locate.js'
import { Patches } from './patches.js'
import { count, inferSchema } from './shape.js'
import { compareVersions, parseVersion } from '../../runtime/version.js'
import { Append, Insert, Raw, Rekey, SetValue, jsonText } from './yaml-edit.js'

/** One proposed catalog edit, for people: what, where, and the records it rests on. */
export interface Proposal {
  readonly kind: 'event' | 'field' | 'known' | 'versions' | 'source'
  readonly family: string
  readonly subject: string
  readonly what: string
  /** Capture files, sample line numbers, count and server version. */
  readonly evidence: string
  /** The catalog file it edits. */
  readonly file: string
  /** Why value lists and formats were (or were not) proposed. */
  readonly reasons: readonly string[]
}

/** What proposing needs besides the observations. */
export interface ProposeContext {
  readonly model: CatalogModel
  /** Every catalog file's parsed value, by catalog-relative path. */
  readonly files: ReadonlyMap<string, Readonly<Record<string, unknown>>>
  readonly catalogDir: string
  /** `--server F@V`: the family and version the captures come from. */
  readonly server?: { readonly family: string; readonly version: string }
}

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

type Out = { proposals: Proposal[]; patches: Patches }

function familyOf(ctx: ProposeContext, id: string): { family: FamilyModel; raw: FamilyFile } {
  const family = ctx.model.families.find((f) => f.id === id)!
  return { family, raw: { file: family.source.file, value: ctx.files.get(family.source.file)! } }
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
  const path = [
    ...event.source.pointer
      .slice(1)
      .split('/')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
  ]
  const keys = event as { since?: string; until?: string; versions?: string }
  out.patches.add(event.source.file, path, widen(keys, version, ''))
  out.proposals.push({
    kind: 'versions',
    family: event.family,
    subject: event.name,
    what: `sent by ${version} too (was ${describeKeys(keys)})`,
    evidence: sources.describe(event.family, samples),
    file: event.source.file,
    reasons: [],
  })
}

/**
 * The patch that makes a version range include one more version, claiming no version between: `versions` (or a
 * lone `since`/`until`, rewritten as `versions`) gains the alternative `|| V`. With both `since` and `until` the
 * nearer bound moves to V, which also claims the versions between (the proposal says so).
 */
export function widen(
  keys: { since?: string; until?: string; versions?: string },
  version: string,
  prefix: string,
): Record<string, SetValue | Rekey> {
  if (keys.versions !== undefined) return { [`${prefix}versions`]: new SetValue(`${keys.versions} || ${version}`) }
  if (keys.since !== undefined && keys.until === undefined)
    return { [`${prefix}since`]: new Rekey(`${prefix}versions`, `>=${keys.since} || ${version}`) }
  if (keys.until !== undefined && keys.since === undefined)
    return { [`${prefix}until`]: new Rekey(`${prefix}versions`, `<=${keys.until} || ${version}`) }
  const below = compareVersions(parseVersion(version)!, parseVersion(keys.since!)!) < 0
  return below ? { [`${prefix}since`]: new SetValue(version) } : { [`${prefix}until`]: new SetValue(version) }
}

function describeKeys(k: { since?: string; until?: string; versions?: string }): string {
  return k.versions ?? [k.since && `since ${k.since}`, k.until && `until ${k.until}`].filter(Boolean).join(', ')
}

interface FieldGroup {
  readonly family: string
  readonly at: Location
  readonly name: string
  readonly events: string[]
  readonly samples: Sample[]
  /** Instance paths of the parent object, and whether the path went to the envelope (drift in several groups). */
  readonly parents: Set<string>
  readonly shared: boolean
}

function groupFields(ctx: ProposeContext, fields: readonly UnknownField[]): FieldGroup[] {
  // A path that drifts in several groups belongs to the envelope, not to one group's base.
  const groupsPerPath = new Map<string, Set<string>>()
  for (const f of fields) {
    const event = familyOf(ctx, f.family).family.events.find((e) => e.name === f.event)!
    const key = `${f.family}\u0000${f.parent.join('/')}\u0000${f.name}`
    groupsPerPath.set(key, (groupsPerPath.get(key) ?? new Set()).add(event.group))
  }
  const out = new Map<string, FieldGroup>()
  for (const f of fields) {
    const { family, raw } = familyOf(ctx, f.family)
    const event = family.events.find((e) => e.name === f.event)!
    const shared = groupsPerPath.get(`${f.family}\u0000${f.parent.join('/')}\u0000${f.name}`)!.size > 1
    const at = locate(family, raw, event, f.parent, shared)
    if (at === undefined) continue
    const key = `${at.file}#${at.path.join('/')}#${f.name}`
    const entry = out.get(key) ?? {
      family: f.family,
      at,
      name: f.name,
      events: [],
      samples: [],
      parents: new Set(),
      shared,
    }
    entry.parents.add(f.parent.join('/'))
    for (const _ of f.samples) entry.events.push(f.event)
    entry.samples.push(...f.samples)
    out.set(key, entry)
  }
  return [...out.values()].sort(
    (a, b) => cmp(a.at.file, b.at.file) || cmp(a.at.path.join('/'), b.at.path.join('/')) || cmp(a.name, b.name),
  )
}

function newField(ctx: ProposeContext, sources: CaptureSources, out: Out, g: FieldGroup, obs: Observations): void {
  const existing = (g.at.node?.['properties'] as Record<string, JsonSchema> | undefined)?.[g.name]
  const server = ctx.server?.family === g.family ? ctx.server.version : undefined
  if (existing !== undefined && server !== undefined) {
    // Known to the catalog, but not for this version: the version's shape says it sends it.
    out.patches.add(g.at.file, [...g.at.path, 'properties', g.name], widen(versionKeys(existing), server, 'x-'))
    out.proposals.push({
      kind: 'versions',
      family: g.family,
      subject: `${g.events.join(', ')} ${g.name}`,
      what: `field sent by ${server} too`,
      evidence: sources.describe(g.family, g.samples),
      file: g.at.file,
      reasons: [],
    })
    return
  }
  if (existing !== undefined) return
  const inferred = inferSchema(
    g.samples.map((s) => s.value),
    `/${g.name}`,
  )
  let schema: JsonSchema = inferred.schema
  const ids = sources.idsFor(g.family, g.samples)
  schema = withEvidence(schema, sources.refs(g.family, g.samples))
  // Seen in one version's captures: that version is all they show (required, if so, only there), unless a
  // catalog example pinned to another version already carries the field.
  const elsewhere = server === undefined ? undefined : shownByOtherVersions(ctx, g, server)
  if (server !== undefined && elsewhere === undefined) schema = { ...schema, 'x-versions': server }
  const reasons = [...inferred.reasons]
  if (elsewhere !== undefined) reasons.push(`/${g.name}: no x-versions: ${elsewhere}`)
  const change: Record<string, unknown> = { properties: { [g.name]: schema } }
  if (g.at.node === undefined) Object.assign(change, { type: 'object' })
  const optionalBecause = everyUserSendsIt(ctx, g, obs)
  const required = optionalBecause === undefined
  if (required) {
    change['required'] = new Append([g.name])
    change['x-evidence'] = evidenceFor(g.at.node, 'required', sources.refs(g.family, g.samples))
  }
  out.patches.add(g.at.file, g.at.path, change)
  const { family } = familyOf(ctx, g.family)
  for (const name of new Set(g.events)) {
    const e = family.events.find((x) => x.name === name)!
    if (e.source.file === g.at.file) out.patches.add(e.source.file, eventPath(e), { sources: new Append(ids) })
  }
  const total = [...new Set(g.events)].reduce((n, e) => n + (obs.perEvent.get(`${g.family}/${e}`) ?? 0), 0)

  out.proposals.push({
    kind: 'field',
    family: g.family,
    subject: `${eventsText(g.events)} ${g.name}`,
    what: `new field "${g.name}" (${String(schema['type'] ?? 'any')}; in ${count(g.samples.length)} of ${count(total)} records; ${server === undefined || elsewhere !== undefined ? '' : `sent by ${server} (x-versions); `}${required ? `required${server === undefined ? '' : ` in ${server}`}: every record of every event that reaches it has it` : `optional: ${optionalBecause}`})`,
    evidence: sources.describe(g.family, g.samples),
    file: g.at.file,
    reasons,
  })
}

/**
 * Why a new field cannot be required (undefined when it can): every event whose schema reaches this place was seen, every record of it
 * had the field, and no wire example of the catalog that has the parent object lacks it (lint would refuse it).
 */
function everyUserSendsIt(ctx: ProposeContext, g: FieldGroup, obs: Observations): string | undefined {
  const parents = parentPaths(g)
  for (const e of usersOf(ctx, g)) {
    const seen = obs.perEvent.get(`${g.family}/${e.name}`) ?? 0
    const withIt = g.events.filter((x) => x === e.name).length
    if (seen === 0) return `${e.name}, which uses the same place, is not in the captures`
    if (withIt < seen) return `${seen - withIt} of ${seen} records of ${e.name} lack it`
    const lacking = e.examples.some(
      (x) =>
        x.wire &&
        parents.some((p) => {
          const parent = valueAt(
            x.value,
            p.filter((s) => s !== '*'),
          )
          return parent !== null && typeof parent === 'object' && !(g.name in parent)
        }),
    )
    if (lacking) return `a wire example of ${e.name} in the catalog lacks it`
  }
  return undefined
}

// The events whose schema reaches the place a new field goes.
function usersOf(ctx: ProposeContext, g: FieldGroup): EventModel[] {
  const { family, raw } = familyOf(ctx, g.family)
  const key = (l: Location | undefined) => (l === undefined ? '' : `${l.file}#${l.path.join('/')}`)
  const parents = parentPaths(g)
  return family.events.filter((e) => parents.some((p) => key(locate(family, raw, e, p, g.shared)) === key(g.at)))
}

function parentPaths(g: FieldGroup): string[][] {
  return [...g.parents].map((p) => (p === '' ? [] : p.split('/')))
}

/** Why a new field seen in one version's captures cannot be limited to it: a wire example of another version has it. */
function shownByOtherVersions(ctx: ProposeContext, g: FieldGroup, server: string): string | undefined {
  const parents = parentPaths(g)
  for (const e of usersOf(ctx, g)) {
    const x = e.examples.find(
      (x) =>
        x.wire &&
        x.server !== undefined &&
        x.server !== server &&
        parents.some((p) => {
          const parent = valueAt(
            x.value,
            p.filter((s) => s !== '*'),
          )
          return parent !== null && typeof parent === 'object' && g.name in parent
        }),
    )
    if (x !== undefined) return `a wire example of ${e.name} for ${x.server} has it too`
  }
  return undefined
}

function versionKeys(node: JsonSchema): { since?: string; until?: string; versions?: string } {
  return {
    ...(typeof node['x-since'] === 'string' ? { since: node['x-since'] } : {}),
    ...(typeof node['x-until'] === 'string' ? { until: node['x-until'] } : {}),
    ...(typeof node['x-versions'] === 'string' ? { versions: node['x-versions'] } : {}),
  }
}

function eventsText(events: readonly string[]): string {
  const unique = [...new Set(events)].sort(cmp)
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`
}

function eventPath(e: EventModel): (string | number)[] {
  return e.source.pointer
    .slice(1)
    .split('/')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
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

/** The same schema with `x-evidence` citing the captures on every node that has a narrowing keyword (lint wants it). */
export function withEvidence(schema: JsonSchema, refs: readonly string[]): JsonSchema {
  const copy = JSON.parse(JSON.stringify(schema)) as JsonSchema
  const value = refs.length === 1 ? refs[0] : [...refs]
  walk(copy, '', (node) => {
    if (Object.keys(node).some((k) => isNarrowing(node, k))) (node as Record<string, unknown>)['x-evidence'] = value
  })
  return copy
}

/**
 * The change to a node's `x-evidence` that adds capture references for one of its keywords: set when it has
 * none, appended to its list, or added under the keyword in the map form.
 */
export function evidenceFor(node: JsonSchema | undefined, keyword: string, refs: readonly string[]): unknown {
  const value = refs.length === 1 ? refs[0] : [...refs]
  const have = node?.['x-evidence']
  if (have === undefined) return value
  if (typeof have === 'string') return new SetValue([have, ...refs])
  if (Array.isArray(have)) return new Append(refs)
  const mine = (have as Record<string, unknown>)[keyword]
  if (mine === undefined) return { [keyword]: value }
  return { [keyword]: typeof mine === 'string' ? new SetValue([mine, ...refs]) : new Append(refs) }
}

/** The capture sources of each family: existing ones by file, new ones proposed for family.yaml. */
class CaptureSources {
  private readonly ids = new Map<string, string>()
  constructor(
    private readonly ctx: ProposeContext,
    private readonly out: Out,
  ) {}

  /** The source ids of the captures these samples come from (proposing the sources that are missing). */
  idsFor(family: string, samples: readonly Sample[]): string[] {
    return [...new Set(samples.map((s) => this.id(family, s.file)))].sort(cmp)
  }

  /** Evidence references: `<source> lines 3, 17, 40 (12 records)`, one per capture. */
  refs(family: string, samples: readonly Sample[]): string[] {
    return this.perFile(samples).map(([file, lines]) => `${this.id(family, file)} ${linesText(lines)}`)
  }

  /** The evidence for people: capture files, sample lines, count, server version. */
  describe(family: string, samples: readonly Sample[]): string {
    const files = this.perFile(samples).map(([file, lines]) => `${file} ${linesText(lines)}`)
    const server = this.serverOf(family, samples[0]!.file)
    return `${files.join('; ')}${server === undefined ? '' : `; server ${server}`}`
  }

  private perFile(samples: readonly Sample[]): [string, number[]][] {
    const by = new Map<string, number[]>()
    for (const s of samples) by.set(s.file, [...(by.get(s.file) ?? []), s.line])
    return [...by.entries()]
  }

  private serverOf(family: string, file: string): string | undefined {
    if (this.ctx.server?.family === family) return this.ctx.server.version
    const f = this.ctx.model.families.find((x) => x.id === family)!
    return f.sources.find((s) => s.kind === 'capture' && s.file !== undefined && this.same(s.file, file))?.server
  }

  private same(sourceFile: string, input: string): boolean {
    return resolve(dirname(resolve(this.ctx.catalogDir)), sourceFile) === resolve(input)
  }

  private id(family: string, file: string): string {
    const key = `${family}\u0000${file}`
    const known = this.ids.get(key)
    if (known !== undefined) return known
    const f = this.ctx.model.families.find((x) => x.id === family)!
    const existing = f.sources.find((s) => s.kind === 'capture' && s.file !== undefined && this.same(s.file, file))
    let id = existing?.id
    if (id === undefined) {
      const stem = basename(file)
        .replace(/\.(jsonl|json|ya?ml|txt|gz)$/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/^-+/, '')
      const base = stem.startsWith('capture') ? stem : `capture-${stem}`
      id = base
      for (let n = 2; f.sources.some((s) => s.id === id) || [...this.ids.values()].includes(id); n++)
        id = `${base}-${n}`
      const server = this.ctx.server?.family === family ? this.ctx.server.version : undefined
      const entry = {
        kind: 'capture',
        title: `Traffic captured in ${basename(file)} (proposed by evcat infer)`,
        ...(server === undefined ? {} : { server }),
        file: relative(dirname(resolve(this.ctx.catalogDir)), resolve(file)),
      }
      this.out.patches.add(f.source.file, [], { sources: { [id]: entry } })
      this.out.proposals.push({
        kind: 'source',
        family,
        subject: id,
        what: `capture source for ${file}`,
        evidence: file,
        file: f.source.file,
        reasons: [],
      })
    }
    this.ids.set(key, id)
    return id
  }
}

function linesText(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b)
  const shown = sorted.slice(0, 5).join(', ')
  const label = sorted.length === 1 ? `line ${shown}` : `lines ${shown}${sorted.length > 5 ? ', …' : ''}`
  return `${label} (${count(lines.length)} record${lines.length === 1 ? '' : 's'})`
}
