import { projectFamily } from '../../model/project.js'
import type { FamilyModel } from '../../model/types.js'
import type { FamilyTable, ValidateFn } from '../../runtime/dispatch.js'
import { compileShared } from '../../schema/ajv.js'
import { schemaAt } from '../../schema/merge.js'
import { reachableDefinitions } from '../../schema/refs.js'
import { closeObjects, forAjv } from '../../schema/rewrite.js'
import type { JsonSchema } from '../../schema/types.js'

/**
 * A dispatch table compiled in memory from the model, laid out as the validators generator lays out its tables (the
 * group's message around the payload, each event's own part, an event's own base checked around it), so that
 * `evcat infer` judges records exactly as `evcat validate` would, against the catalog as it is now (not a generated
 * out/). With a version (a known one), the family is projected to it first (`projectFamily`): fields it never sends
 * are unknown (drift), events it never sends are unknown.
 */
export function familyTable(model: FamilyModel, version?: string): FamilyTable {
  const family = version === undefined ? model : projectFamily(model, version)
  const compile = (schema: JsonSchema): ValidateFn => {
    const whole = { ...schema, definitions: reachableDefinitions(schema, family.definitions) }
    return compileShared(forAjv(closeObjects(whole))) as ValidateFn
  }
  return {
    family: family.id,
    discriminator: family.discriminator,
    envelope: compile(family.envelope),
    groups: family.groups.map((g) => ({
      id: g.id,
      direction: g.direction,
      match: groupValues(family, g.id),
      payloadAt: g.payloadAt,
      detect: Array.isArray(g.schema['required']) ? g.schema['required'].map(String) : [],
      validate: g.payloadAt === '' ? null : compile(g.schema),
    })),
    events: family.events.map((e) => ({
      name: e.name,
      group: e.group,
      match: family.discriminator.filter((p) => e.match[p] !== undefined).map((p) => e.match[p]!),
      validate: compile(e.payloadAt === '' ? e.schema : (schemaAt(e.schema, e.payloadAt) ?? {})),
      ...(e.around === undefined ? {} : { around: compile(e.around) }),
    })),
  }
}

/** A group's own discriminator values (the catalog's `match` of the group), in discriminator order. */
export function groupValues(family: FamilyModel, group: string): string[] {
  const match = family.parts.groups[group]?.match ?? {}
  return family.discriminator.filter((p) => match[p] !== undefined).map((p) => match[p]!)
}
