import type { CorrectionDef, ExampleDef, PageClaim, SourceDef, VersionsDef } from '../catalog/types.js'
import type { Definitions, JsonSchema } from '../schema/types.js'
import type { SourceLocation } from '../errors.js'

/** One cited fact source, resolved from its id. */
export type SourceModel = SourceDef

/** A claim of a vendor page about an event, as the catalog records it. */
export type PageClaimModel = PageClaim

/** A wire example of an event (`wire: true` must validate, `wire: false` must not). */
export type ExampleModel = ExampleDef

/** A correction of a vendor page: what the page says and what the wire shows. */
export type CorrectionModel = CorrectionDef

/** A family's known server versions (ascending), which `--server` accepts. */
export type VersionsModel = VersionsDef

/** A group's own pieces as the catalog writes them, from which each version's group schema is composed. */
export interface GroupParts {
  readonly envelope?: JsonSchema
  readonly base?: JsonSchema
  readonly match: Readonly<Record<string, string>>
  readonly payloadAt: string
}

/**
 * A family's schemas as the catalog writes them, with every version mark: what `projectFamily` composes
 * each server version's schemas from. Generators read the composed schemas, not these.
 */
export interface FamilyParts {
  readonly envelope: JsonSchema
  readonly definitions: Definitions
  /** By group id. */
  readonly groups: Readonly<Record<string, GroupParts>>
}

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
  /** The family's namespace in the package's root entry, e.g. `eventsHub`. */
  readonly namespace: string
  /** The union of the family's event types, e.g. `EventsHubEvent`. */
  readonly unionName: string
  /** The map from event name to type, e.g. `EventsHubEventMap`. */
  readonly eventMapName: string
  /** The `as const` list of the family's server event names, e.g. `eventsHubEventNames`. */
  readonly nameListName: string
  /** The dispatch table the validators module exports, e.g. `eventsHubTable`. */
  readonly tableName: string
  /** The result type of the family's `validate()`, e.g. `EventsHubValidation`. */
  readonly validationName: string
  /** The envelope's validator, e.g. `validateEventsHubEnvelope`. */
  readonly envelopeValidatorName: string
  /** The package's `as const` list of known server versions, e.g. `lxdServerVersions`. */
  readonly serverVersionsName: string
  /** The package's type of one known server version, e.g. `LxdServerVersion`. */
  readonly serverVersionName: string
  /** The options of the family's `validate()`, e.g. `LxdValidateOptions`. */
  readonly validateOptionsName: string
  readonly title: string
  readonly summary: string
  readonly transport: Readonly<Record<string, unknown>>
  readonly discriminator: readonly string[]
  /** The envelope, projected like every schema below to `server` (see `projectFamily`). */
  readonly envelope: JsonSchema
  readonly definitions: Readonly<Record<string, JsonSchema>>
  /** The server version this model's schemas and events are for; absent: what any known version sends. */
  readonly server?: string
  /** The known server versions; absent when the catalog models none (i3D). */
  readonly versions?: VersionsModel
  /** The catalog's own pieces, from which each version's schemas are composed. */
  readonly parts: FamilyParts
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
  /** The union of the group's event types, e.g. `LxdLifecycleEvent`. */
  readonly unionName: string
  /** The `as const` list of the group's event names, e.g. `lxdLifecycleNames`. */
  readonly nameListName: string
  /** The validator of the group's message around the payload, e.g. `validateLxdLifecycleGroup`. */
  readonly validatorName: string
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
  /** The event's own validator, e.g. `validateLxdInstanceRenamedEvent`. */
  readonly validatorName: string
  /** The validator of the message around the payload for an event with its own base, e.g. `…EventAround`. */
  readonly aroundValidatorName: string
  /** The type guard of the package, e.g. `isLxdInstanceRenamedEvent`. */
  readonly guardName: string
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
  /**
   * For an event with its own base: the message around payloadAt (the group's schema with the event's base),
   * which the validators check instead of the group's. Absent otherwise.
   */
  readonly around?: JsonSchema
  readonly since?: string
  readonly until?: string
  /** A range expression of the server versions that send it, for release lines with backports. */
  readonly versions?: string
  /** The versions that send it, from since/until/versions as one range (`>=5.19`); absent: every version. */
  readonly sentBy?: string
  readonly deprecated?: { readonly reason: string; readonly replacedBy?: string }
  readonly sources: readonly SourceModel[]
  readonly pages: readonly PageClaimModel[]
  readonly examples: readonly ExampleModel[]
  readonly corrections: readonly CorrectionModel[]
  readonly notes: readonly string[]
  readonly source: SourceLocation
}
