import { parseVersion } from '../runtime/version.js'
import { composeMessageSchema, projectDefinitions } from '../schema/compose.js'
import { projectSchema } from '../schema/project.js'
import { inRange, parseRange } from '../schema/version-range.js'
import type { FamilyModel } from './types.js'

/**
 * A family as one known server version sends it: only the events that version sends, and every schema
 * (envelope, definitions, groups, events) composed for that version from the catalog's own pieces, so that a
 * field the version never sends is unknown (drift) and one it always sends is required. Everything else,
 * names included, is the family's.
 */
export function projectFamily(family: FamilyModel, version: string): FamilyModel {
  const target = parseVersion(version)
  if (target === undefined || !(family.versions?.known ?? []).includes(version))
    throw new Error(`${version} is not a known version of ${family.id}`)
  const parts = family.parts
  const groups = family.groups.map((g) => ({
    ...g,
    schema: composeMessageSchema(parts, parts.groups[g.id]!, parts.groups[g.id]!.match, undefined, { target }),
  }))
  const events = family.events
    .filter((e) => e.sentBy === undefined || inRange(parseRange(e.sentBy), target))
    .map((e) => ({
      ...e,
      schema: composeMessageSchema(parts, parts.groups[e.group]!, e.match, e.payload, {
        ...(e.base === undefined ? {} : { base: e.base }),
        target,
      }),
    }))
  return {
    ...family,
    server: version,
    envelope: projectSchema(parts.envelope, target),
    definitions: projectDefinitions(parts.definitions, target),
    groups,
    events,
  }
}
