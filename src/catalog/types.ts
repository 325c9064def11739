import type { Document, LineCounter } from 'yaml'
import type { SourceLocation } from '../errors.js'
import type { JsonSchema } from '../schema/types.js'

/** One catalog file as read from disk, parsed but not yet checked. */
export interface RawFile {
  /** Catalog-relative POSIX path, e.g. `lxd/family.yaml`. */
  readonly path: string
  readonly text: string
  readonly doc: Document.Parsed
  readonly lines: LineCounter
}

/** The whole catalog as read: every YAML file, sorted by path so read order never matters. */
export interface RawCatalog {
  /** The directory as given by the user, for messages only. */
  readonly dir: string
  readonly files: readonly RawFile[]
}

/** A cited source: a seed page, an upstream repository at a commit, a capture or a reference note. */
export interface SourceDef {
  readonly id: string
  readonly kind: 'seed' | 'upstream' | 'capture' | 'reference' | 'docs'
  readonly title: string
  readonly file?: string
  readonly repo?: string
  readonly commit?: string
  readonly tag?: string
  readonly paths?: readonly string[]
  readonly server?: string
  readonly url?: string
}

/** What a vendor page says of an event, verbatim. */
export interface PageClaim {
  readonly source: string
  readonly section?: string
  readonly name?: string
  readonly summary?: string
  readonly example?: string
  readonly details?: string
}

/** A message example; `wire: false` marks a page-only shape the server never sends. */
export interface ExampleDef {
  readonly source: string
  readonly wire: boolean
  readonly title?: string
  readonly value?: unknown
  readonly text?: string
  readonly note?: string
  /** The server version that sends it (a version of the family's `versions.known`). */
  readonly server?: string
}

/** A place where the page and the wire disagree; the wire wins. */
export interface CorrectionDef {
  readonly pointer?: string
  readonly page: string
  readonly wire: string
  readonly sources: readonly string[]
}

/** A group of events as the family declares it. */
export interface GroupDef {
  readonly id: string
  readonly title: string
  readonly service?: string
  readonly summary?: string
  readonly direction: 'server' | 'client'
  readonly match: Readonly<Record<string, string>>
  readonly key?: string
  readonly envelope?: JsonSchema
  readonly base?: JsonSchema
  readonly payloadAt: string
  readonly sources: readonly string[]
  readonly location: SourceLocation
}

/** One event as checked, before names and schemas are composed. */
export interface EventDef {
  readonly family: string
  readonly group: string
  readonly name: string
  /** Every discriminator value, pointer → value, group's and event's merged. */
  readonly match: Readonly<Record<string, string>>
  readonly typeName?: string
  readonly summary: string
  readonly description?: string
  readonly emitter?: string
  readonly gate?: string
  readonly payload?: JsonSchema
  /** Merged at the message root after the group's base, before the discriminator values and the payload. */
  readonly base?: JsonSchema
  readonly since?: string
  readonly until?: string
  /** A range expression of the server versions that send it (`>=5.0.2 <5.1 || >=5.6`). */
  readonly versions?: string
  readonly deprecated?: { readonly reason: string; readonly replacedBy?: string }
  readonly sources: readonly string[]
  readonly pages: readonly PageClaim[]
  readonly examples: readonly ExampleDef[]
  readonly corrections: readonly CorrectionDef[]
  readonly notes: readonly string[]
  readonly location: SourceLocation
}

/** One value of a pool (`x-pool`, a shape's `values`): the value as sent, or a template; where it was seen; how often. */
export interface PoolEntry {
  readonly value?: unknown
  /** A string template, or a partial object whose strings are templates. */
  readonly template?: unknown
  /** Evidence references: where the value was seen. */
  readonly seen?: string | readonly string[]
  /** How often it was seen (the weight fixtures draw it with); 1 when absent. */
  readonly count?: number
  /** Only for the events whose discriminator values are these: pointer → a value or a list of values. */
  readonly when?: Readonly<Record<string, string | readonly string[]>>
}

/** How evcat makes more values of a shape, printed exactly as the platform prints them. */
export type ShapeFormat =
  'uuid' | 'hex64' | 'go-time' | 'millis-time' | 'seconds-time' | 'integer' | 'ipv4' | 'ipv4-port' | 'email' | 'name'

/** A named value shape of a family (`shapes:` in family.yaml): a pool of real values, or a format. */
export interface ShapeDef {
  readonly summary: string
  readonly values?: readonly PoolEntry[]
  readonly format?: ShapeFormat
  /** Time formats: the shape whose value is the zone offset (one per message); UTC when absent. */
  readonly zone?: string
  /** Values a `{?key}` query part leaves out. */
  readonly omit?: readonly unknown[]
  readonly minimum?: number
  readonly maximum?: number
  readonly evidence?: string | readonly string[]
}

/** A family as checked: envelope, transport, discriminator, groups, sources and events. */
export interface FamilyDef {
  readonly id: string
  readonly title: string
  readonly summary: string
  readonly transport: Readonly<Record<string, unknown>>
  readonly sources: ReadonlyMap<string, SourceDef>
  readonly discriminator: readonly string[]
  readonly envelope: JsonSchema
  readonly definitions: Readonly<Record<string, JsonSchema>>
  readonly groups: ReadonlyMap<string, GroupDef>
  readonly notes: readonly string[]
  /** The server versions `--server` accepts, in ascending order; absent when the family has none. */
  readonly versions?: VersionsDef
  /** Named value shapes (pools and formats) that x-shape and x-template name. */
  readonly shapes: Readonly<Record<string, ShapeDef>>
  readonly events: readonly EventDef[]
  readonly location: SourceLocation
}

/** A family's known server versions (`versions.known`, ascending) and what the list covers. */
export interface VersionsDef {
  readonly known: readonly string[]
  readonly note?: string
}

/** The catalog after checking: no errors remain, every reference resolves. */
export interface ValidatedCatalog {
  readonly name: string
  readonly version: string
  readonly packageName: string
  readonly summary?: string
  readonly families: readonly FamilyDef[]
  /** Every file read, with the sha256 of its text, for headers and the manifest. */
  readonly files: readonly { readonly path: string; readonly sha256: string }[]
}
