import { compileShared } from '../../catalog/schema-ajv.js'
import type { JsonSchema } from '../../catalog/types.js'
import { closeObjects, forAjv, reachableDefinitions, schemaAt } from '../../model/compose.js'
import type { EventModel, FamilyModel } from '../../model/types.js'
import type { FamilyTable, ValidateFn } from '../../runtime/dispatch.js'
import { projectSchema, stripUnknownAnnotations } from '../project.js'
import { inRange, rangeOf, type Version } from '../versions.js'

/**
 * Dispatch tables compiled in memory from the model, so `evcat infer` judges records exactly as `evcat validate`
 * would, against the catalog as it is now (not a generated out/). Each event validates its whole message; with
 * a version, schemas are projected to it and events that version does not send are left out (unknown: drift).
 */
export function familyTable(family: FamilyModel, version?: Version): FamilyTable {
  const compile = (schema: JsonSchema): ValidateFn => {
    const whole = { ...schema, definitions: reachableDefinitions(schema, family.definitions) }
    return compileShared(forAjv(closeObjects(stripUnknownAnnotations(projectSchema(whole, version))))) as ValidateFn
  }
  const events = family.events.filter((e) => version === undefined || sentBy(e, version))
  return {
    family: family.id,
    discriminator: family.discriminator,
    envelope: compile(family.envelope),
    groups: family.groups.map((g) => ({
      id: g.id,
      direction: g.direction,
      match: groupValues(family, g.schema),
      payloadAt: g.payloadAt,
      detect: Array.isArray(g.schema['required']) ? g.schema['required'].map(String) : [],
      validate: null,
    })),
    events: events.map((e) => ({
      name: e.name,
      group: e.group,
      match: family.discriminator.filter((p) => e.match[p] !== undefined).map((p) => e.match[p]!),
      validate: compile(e.schema),
    })),
  }
}

/** Whether a version sends an event (its since/until/versions). */
export function sentBy(e: EventModel, version: Version): boolean {
  const versions = (e as { versions?: string }).versions
  const keys = {
    ...(e.since === undefined ? {} : { since: e.since }),
    ...(e.until === undefined ? {} : { until: e.until }),
    ...(versions === undefined ? {} : { versions }),
  }
  return inRange(rangeOf(keys), version)
}

/** A group's own discriminator values, read from the consts its schema carries, in discriminator order. */
export function groupValues(family: FamilyModel, schema: JsonSchema): string[] {
  const out: string[] = []
  for (const pointer of family.discriminator) {
    const value = schemaAt(schema, pointer)?.['const']
    if (typeof value !== 'string') break
    out.push(value)
  }
  return out
}
