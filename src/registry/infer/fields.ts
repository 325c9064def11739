// New fields: where each goes, whether it can be required, and with --server, which versions it is said of.
import { cmp } from '../../errors.js'
import type { EventModel } from '../../model/types.js'
import { valueAt } from '../../runtime/pointer.js'
import type { JsonSchema } from '../../schema/types.js'
import type { Observations, Sample, UnknownField } from './collect.js'
import { eventPath, eventsText, familyOf, type Out, type ProposeContext } from './context.js'
import { evidenceFor, withEvidence } from './evidence.js'
import { locate, type Location } from './locate.js'
import { count, inferSchema } from './shape.js'
import type { CaptureSources } from './sources.js'
import { versionKeys, widen, widenReasons } from './widen.js'
import { Append } from './yaml-edit.js'

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

/** The unknown fields, grouped by the place in the catalog where each would be written. */
export function groupFields(ctx: ProposeContext, fields: readonly UnknownField[]): FieldGroup[] {
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

/** Proposes one new field (or, with --server, one more version for a field the catalog has). */
export function newField(
  ctx: ProposeContext,
  sources: CaptureSources,
  out: Out,
  g: FieldGroup,
  obs: Observations,
): void {
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
      reasons: widenReasons(versionKeys(existing), server),
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
