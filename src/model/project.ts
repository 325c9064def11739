import { parseVersion, type Version } from '../runtime/version.js'
import { composeMessageSchema, projectDefinitions, type ComposeFamily } from '../schema/compose.js'
import { projectSchema, type VersionTarget } from '../schema/project.js'
import type { JsonSchema } from '../schema/types.js'
import { inRange, parseRange, versionsIn } from '../schema/version-range.js'
import type { EventModel, FamilyModel, GroupParts } from './types.js'

/** What an event's schemas are composed from: its discriminator values, payload and own base. */
export interface EventParts {
  readonly match: Readonly<Record<string, string>>
  readonly payload?: JsonSchema
  readonly base?: JsonSchema
  readonly sentBy?: string
}

/**
 * An event's schemas for one server version, or for what any known version sends (`any`, given the family's
 * known versions): the whole message, and for an event with its own base, the message around its payload.
 */
export function composeEvent(
  family: ComposeFamily,
  group: GroupParts,
  event: EventParts,
  target: VersionTarget,
  known: readonly string[],
): { schema: JsonSchema; around?: JsonSchema } {
  const versions = target === 'any' ? versionsIn(known, event.sentBy) : []
  const base = event.base === undefined ? {} : { base: event.base }
  const schema = composeMessageSchema(family, group, event.match, event.payload, { ...base, target, versions })
  if (event.base === undefined) return { schema }
  return { schema, around: composeMessageSchema(family, group, group.match, undefined, { ...base, target, versions }) }
}

/**
 * A family as one known server version sends it: only the events that version sends, and every schema
 * (envelope, definitions, groups, events) composed for that version from the catalog's own pieces, so that a
 * field the version never sends is unknown (drift) and one it always sends is required. Everything else,
 * names included, is the family's.
 */
export function projectFamily(family: FamilyModel, version: string): FamilyModel {
  const known = family.versions?.known ?? []
  const target = parseVersion(version)
  if (target === undefined || !known.includes(version))
    throw new Error(`${version} is not a known version of ${family.id}`)
  const parts = family.parts
  const groups = family.groups.map((g) => ({
    ...g,
    schema: composeMessageSchema(parts, parts.groups[g.id]!, parts.groups[g.id]!.match, undefined, { target }),
  }))
  const events = family.events.filter((e) => sends(e, target)).map((e) => withSchemas(e, family, target))
  return {
    ...family,
    server: version,
    envelope: projectSchema(parts.envelope, target),
    definitions: projectDefinitions(parts.definitions, target),
    groups,
    events,
  }
}

/** Whether a version sends an event. */
export function sends(event: Pick<EventModel, 'sentBy'>, version: Version): boolean {
  return event.sentBy === undefined || inRange(parseRange(event.sentBy), version)
}

function withSchemas(e: EventModel, family: FamilyModel, target: Version): EventModel {
  const { around: _old, ...rest } = e
  const composed = composeEvent(family.parts, family.parts.groups[e.group]!, e, target, [])
  return { ...rest, ...composed }
}
