import type { CorrectionDef, ExampleDef, JsonSchema, PageClaim, SourceDef } from '../catalog/types.js'
import type { SourceLocation } from '../errors.js'

/** One cited fact source, resolved from its id. */
export type SourceModel = SourceDef

/** The model of the whole catalog: small, readonly and pre-sorted; what every generator reads. */
export interface CatalogModel {
  readonly name: string
  readonly version: string
  readonly packageName: string
  readonly summary?: string
  /** Sorted by id. */
  readonly families: readonly FamilyModel[]
  /** Every catalog file with the sha256 of its text, sorted by path (for the manifest). */
  readonly files: readonly CatalogFileModel[]
}

/** One catalog file and the sha256 of its text. */
export interface CatalogFileModel {
  readonly path: string
  readonly sha256: string
}

/** One family: envelope, discriminator, transport, groups and events (sorted by group, then name). */
export interface FamilyModel {
  readonly kind: 'family'
  readonly id: string
  /** PascalCase prefix for generated names, e.g. `EventsHub`. */
  readonly typePrefix: string
  readonly title: string
  readonly summary: string
  readonly transport: Readonly<Record<string, unknown>>
  readonly discriminator: readonly string[]
  readonly envelope: JsonSchema
  readonly definitions: Readonly<Record<string, JsonSchema>>
  readonly sources: readonly SourceModel[]
  readonly groups: readonly GroupModel[]
  readonly events: readonly EventModel[]
  readonly notes: readonly string[]
  readonly source: SourceLocation
}

/** One group of a family, in the order the family declares them. */
export interface GroupModel {
  readonly kind: 'group'
  readonly id: string
  readonly title: string
  readonly service?: string
  readonly summary?: string
  readonly direction: 'server' | 'client'
  /** The discriminator pointer that carries each event's own value (LXD `/metadata/action`). */
  readonly key?: string
  readonly payloadAt: string
  /** The group's message schema before any event's part: envelope, base and the group's discriminator consts. */
  readonly schema: JsonSchema
  readonly sources: readonly SourceModel[]
}

/** One event: its discriminator values, composed message schema, provenance and page claims. */
export interface EventModel {
  readonly kind: 'event'
  readonly family: string
  readonly group: string
  readonly direction: 'server' | 'client'
  readonly name: string
  /** Generated TypeScript name, e.g. `LxdInstanceRenamedEvent`; decided once in model/names.ts. */
  readonly typeName: string
  readonly summary: string
  readonly description?: string
  readonly emitter?: string
  readonly gate?: string
  /** Discriminator pointer → value, in the family's discriminator order. */
  readonly match: Readonly<Record<string, string>>
  /** The event's own part, as written in the catalog (undefined when it has none). */
  readonly payload?: JsonSchema
  /** The event's own schema merged at the message root (fields outside payloadAt that only this event carries). */
  readonly base?: JsonSchema
  /** Where the payload sits in the message. */
  readonly payloadAt: string
  /** The whole message schema; `$ref`s point at the family's definitions. */
  readonly schema: JsonSchema
  readonly since?: string
  readonly until?: string
  /** A range expression of the server versions that send it, for release lines with backports. */
  readonly versions?: string
  readonly deprecated?: { readonly reason: string; readonly replacedBy?: string }
  readonly sources: readonly SourceModel[]
  readonly pages: readonly PageClaim[]
  readonly examples: readonly ExampleDef[]
  readonly corrections: readonly CorrectionDef[]
  readonly notes: readonly string[]
  readonly source: SourceLocation
}
