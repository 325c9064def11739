import type { JsonSchema } from '../../src/schema/types.js'
import { schemaAt } from '../../src/schema/merge.js'
import { closeObjects, forAjv } from '../../src/schema/rewrite.js'
import { mapSchema } from '../../src/schema/walk.js'
import type { EventModel, FamilyModel, GroupModel } from '../../src/model/types.js'

// Keywords that only document: dropped from what ajv compiles, because standalone code embeds schema copies.
// evcat's x- keywords are all annotations except the two that check.
const ANNOTATIONS = new Set(['description', 'title', '$comment', 'examples'])
const CHECKING = new Set(['x-bigint', 'x-count-equals'])

/** One schema the validators generator compiles: its ajv id, its export name and the schema itself. */
export interface ValidatorSchema {
  readonly id: string
  readonly exportName: string
  readonly schema: JsonSchema
}

/** The shared-definitions schema id of a family; every `#/definitions/X` is rewritten to point into it. */
export function definitionsId(family: FamilyModel): string {
  return `evcat:${family.id}:definitions`
}

/**
 * A schema as ajv should compile it: closed objects, bigint spelling, no annotations, and each
 * `#/definitions/X` rewritten by `ref` (by default into the family's one shared-definitions schema).
 */
export function prepare(
  family: FamilyModel,
  schema: JsonSchema,
  ref: (name: string) => string = (name) => `${definitionsId(family)}#/definitions/${name}`,
): JsonSchema {
  return mapSchema(forAjv(closeObjects(schema)), (node) => {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(node))
      if (!ANNOTATIONS.has(k) && (!k.startsWith('x-') || CHECKING.has(k))) out[k] = v
    if (typeof out['$ref'] === 'string' && out['$ref'].startsWith('#/definitions/'))
      out['$ref'] = ref(decodeURIComponent(out['$ref'].slice('#/definitions/'.length)))
    return out
  })
}

/** The envelope validator: what a message of the family is checked against when its event is unknown. */
export function envelopeSchema(family: FamilyModel): ValidatorSchema {
  return {
    id: `evcat:${family.id}:envelope`,
    exportName: family.envelopeValidatorName,
    schema: prepare(family, family.envelope),
  }
}

/** A group's validator: the message around the payload (null when events see the whole message). */
export function groupSchema(family: FamilyModel, group: GroupModel): ValidatorSchema | null {
  if (group.payloadAt === '') return null
  return {
    id: `evcat:${family.id}:group:${group.id}`,
    exportName: group.validatorName,
    schema: prepare(family, group.schema),
  }
}

/** An event's validator: its own part at the group's payloadAt (the whole message when that is the root). */
export function eventSchema(family: FamilyModel, group: GroupModel, event: EventModel): ValidatorSchema {
  const part = group.payloadAt === '' ? event.schema : (schemaAt(event.schema, group.payloadAt) ?? {})
  return {
    id: `evcat:${family.id}:event:${event.name}`,
    exportName: event.validatorName,
    schema: prepare(family, part),
  }
}

/** The family's shared fragments as one schema, so standalone code holds each fragment's validator once. */
export function definitionsSchema(family: FamilyModel): JsonSchema {
  const definitions: Record<string, JsonSchema> = {}
  for (const [name, schema] of Object.entries(family.definitions)) definitions[name] = prepare(family, schema)
  return { $id: definitionsId(family), definitions }
}

/** Top-level keys every message of a group has (its envelope's `required`), for family detection. */
export function detectKeys(group: GroupModel): string[] {
  const required = group.schema['required']
  return Array.isArray(required) ? required.map(String) : []
}
