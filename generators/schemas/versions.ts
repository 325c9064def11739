import type { JsonSchema } from './model-types.js'
import type { EventModel, FamilyModel } from '../../src/model/types.js'

// Issue #11 adds `versions` to events and families; these readers accept the model with or without them, so
// the open-format generators carry versions the day the catalog has them.

/** Where an event, a property or a branch applies: since, until, or a range expression. */
export interface VersionRange {
  readonly since?: string
  readonly until?: string
  readonly versions?: string
}

/** The versions a family knows (`versions.known` in family.yaml), with the catalog's note on them. */
export interface KnownVersions {
  readonly known: readonly string[]
  readonly note?: string
}

/** The version range of an event (`since`, `until`, `versions`); undefined when it has none. */
export function eventVersions(e: EventModel): VersionRange | undefined {
  return range(e.since, e.until, field(e, 'versions'))
}

/** The version range of a schema node (`x-since`, `x-until`, `x-versions`); undefined when it has none. */
export function nodeVersions(node: JsonSchema): VersionRange | undefined {
  return range(node['x-since'], node['x-until'], node['x-versions'])
}

/** The family's known versions, when the catalog lists them. */
export function familyVersions(f: FamilyModel): KnownVersions | undefined {
  const v = field(f, 'versions')
  if (v === null || typeof v !== 'object') return undefined
  const known = (v as Record<string, unknown>)['known']
  const note = (v as Record<string, unknown>)['note']
  if (!Array.isArray(known)) return undefined
  return { known: known.map(String), ...(typeof note === 'string' ? { note } : {}) }
}

/** A range as words: `since 4.16`, `until 5.0`, `>=5.0.2 <5.1 || >=5.6`. */
export function rangeText(r: VersionRange | undefined): string {
  if (r === undefined) return ''
  const parts: string[] = []
  if (r.since !== undefined) parts.push(`since ${r.since}`)
  if (r.until !== undefined) parts.push(`until ${r.until}`)
  if (r.versions !== undefined) parts.push(r.versions)
  return parts.join(', ')
}

function range(since: unknown, until: unknown, versions: unknown): VersionRange | undefined {
  const out = {
    ...(typeof since === 'string' ? { since } : {}),
    ...(typeof until === 'string' ? { until } : {}),
    ...(typeof versions === 'string' ? { versions } : {}),
  }
  return Object.keys(out).length === 0 ? undefined : out
}

function field(o: object, key: string): unknown {
  return (o as Record<string, unknown>)[key]
}
