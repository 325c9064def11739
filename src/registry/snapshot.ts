import { createHash } from 'node:crypto'
import { cmp } from '../errors.js'
import type { CatalogModel, EventModel, FamilyModel } from '../model/types.js'
import { composeMessageSchema } from '../schema/compose.js'
import type { JsonSchema } from '../schema/types.js'

/**
 * What `evcat diff` compares: per family its discriminator, known server versions, shared fragments and, per
 * event, the composed message schema with the few facts around it. It is made from a model, or read back from a
 * published package (`catalog.json`), so a release can be compared with a catalog without the catalog's files.
 */
export interface CatalogSnapshot {
  readonly name: string
  readonly version: string
  readonly packageName: string
  /** Sorted by id. */
  readonly families: readonly FamilySnapshot[]
}

/** One family as `evcat diff` sees it. */
export interface FamilySnapshot {
  readonly id: string
  readonly typePrefix: string
  readonly discriminator: readonly string[]
  /** The family's `versions.known`; absent when the family has no per-version checks. */
  readonly knownVersions?: readonly string[]
  /** The shared fragments as the catalog writes them (version marks kept, not projected). */
  readonly definitions: Readonly<Record<string, JsonSchema>>
  readonly groups: readonly { readonly id: string; readonly payloadAt: string }[]
  /** In the model's order (by group, then name). */
  readonly events: readonly EventSnapshot[]
  /** Catalog-relative file of family.yaml, for annotations. */
  readonly file: string
}

/** One event as `evcat diff` sees it. */
export interface EventSnapshot {
  readonly name: string
  readonly group: string
  readonly typeName: string
  /** Discriminator pointer → value. */
  readonly match: Readonly<Record<string, string>>
  /**
   * The whole message schema as the catalog writes it: composed but not projected, so every version mark and every
   * versioned name in `required` is kept (the diff works out what the types and each version see). `$ref`s point at
   * the family's definitions.
   */
  readonly schema: JsonSchema
  readonly since?: string
  readonly until?: string
  readonly versions?: string
  readonly deprecated?: { readonly reason: string; readonly replacedBy?: string }
  readonly sources: readonly string[]
  /** Digest of the prose around the event (summary, description, emitter, gate, pages, corrections, notes). */
  readonly docs: string
  /** Digest of the event's examples. */
  readonly examples: string
  /** Where the event is written: catalog-relative file and line, for annotations. */
  readonly file: string
  readonly line: number
}

/** The snapshot of a model. */
export function snapshotOf(model: CatalogModel): CatalogSnapshot {
  return {
    name: model.name,
    version: model.version,
    packageName: model.packageName,
    families: [...model.families].sort((a, b) => cmp(a.id, b.id)).map(familySnapshot),
  }
}

function familySnapshot(f: FamilyModel): FamilySnapshot {
  const known = f.versions?.known
  return {
    id: f.id,
    typePrefix: f.typePrefix,
    discriminator: f.discriminator,
    ...(known === undefined ? {} : { knownVersions: [...known] }),
    definitions: f.parts.definitions,
    groups: f.groups.map((g) => ({ id: g.id, payloadAt: g.payloadAt })),
    events: f.events.map((e) => eventSnapshot(f, e)),
    file: f.source.file,
  }
}

function eventSnapshot(f: FamilyModel, e: EventModel): EventSnapshot {
  const schema = composeMessageSchema(f.parts, f.parts.groups[e.group]!, e.match, e.payload, {
    ...(e.base === undefined ? {} : { base: e.base }),
    project: false,
  })
  return {
    name: e.name,
    group: e.group,
    typeName: e.typeName,
    match: e.match,
    schema,
    ...(e.since === undefined ? {} : { since: e.since }),
    ...(e.until === undefined ? {} : { until: e.until }),
    ...(e.versions === undefined ? {} : { versions: e.versions }),
    ...(e.deprecated === undefined ? {} : { deprecated: e.deprecated }),
    sources: e.sources.map((s) => s.id),
    docs: digest({
      summary: e.summary,
      description: e.description,
      emitter: e.emitter,
      gate: e.gate,
      pages: e.pages,
      corrections: e.corrections,
      notes: e.notes,
    }),
    examples: digest(e.examples),
    file: e.source.file,
    line: e.source.line,
  }
}

/** The first 16 hex digits of the sha256 of a value's canonical JSON: enough to tell that prose changed. */
export function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16)
}

/** JSON with object keys sorted and bigints written as `"<digits>n"`: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(`${value}n`)
  if (value === undefined) return 'null'
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => cmp(a, b))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}
