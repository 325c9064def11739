import type { EventDef, FamilyDef, GroupDef, JsonSchema, SourceDef, ValidatedCatalog } from '../catalog/types.js'
import { CatalogError, cmp } from '../errors.js'
import { composeMessageSchema, mapSchema, mergeSchema, optionalVersioned } from './compose.js'
import { eventTypeName, nameCollisions, pascalCase } from './names.js'
import type { CatalogModel, EventModel, FamilyModel, GroupModel } from './types.js'

/** Builds the model every generator reads: composed schemas, names decided once, everything sorted. */
export function buildModel(catalog: ValidatedCatalog): CatalogModel {
  const families = [...catalog.families].sort((a, b) => cmp(a.id, b.id)).map(buildFamily)
  const named = families.flatMap((f) => [
    ...f.events,
    // Shared fragments become types named prefix + name; they share the namespace with event types.
    ...Object.keys(f.definitions).map((name) => ({
      typeName: `${f.typePrefix}${name}`,
      name: `#/definitions/${name}`,
      family: f.id,
      source: f.source,
    })),
  ])
  const collisions = nameCollisions(named)
  if (collisions.length > 0) throw new CatalogError(collisions)
  return {
    name: catalog.name,
    version: catalog.version,
    packageName: catalog.packageName,
    ...(catalog.summary === undefined ? {} : { summary: catalog.summary }),
    families,
    files: [...catalog.files].sort((a, b) => cmp(a.path, b.path)),
  }
}

function buildFamily(f: FamilyDef): FamilyModel {
  const typePrefix = pascalCase(f.id)
  const resolve = (ids: readonly string[]): SourceDef[] => ids.map((id) => f.sources.get(id)!)
  const groupOrder = [...f.groups.keys()]
  const groups: GroupModel[] = [...f.groups.values()].map((g) => ({
    kind: 'group',
    id: g.id,
    title: g.title,
    ...(g.service === undefined ? {} : { service: g.service }),
    ...(g.summary === undefined ? {} : { summary: g.summary }),
    direction: g.direction,
    ...(g.key === undefined ? {} : { key: g.key }),
    payloadAt: g.payloadAt,
    schema: groupSchema(f, g),
    sources: resolve(g.sources),
  }))
  const events = [...f.events]
    .sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group) || cmp(a.name, b.name))
    .map((e) => buildEvent(f, e, typePrefix, resolve))
  return {
    kind: 'family',
    id: f.id,
    typePrefix,
    title: f.title,
    summary: f.summary,
    transport: f.transport,
    discriminator: f.discriminator,
    envelope: f.envelope,
    definitions: Object.fromEntries(Object.entries(f.definitions).map(([k, v]) => [k, optionalVersioned(v)])),
    sources: [...f.sources.values()],
    groups,
    events,
    notes: f.notes,
    source: f.location,
  }
}

/**
 * The group's schema: envelope, group base and the group's discriminator values, plus (optional) the fields that some
 * of its events add in their own base. The generated validators judge the message around payloadAt with this one
 * schema for every event of the group, so it must not call those fields drift; whether an event may carry them is
 * stated exactly by that event's own schema (EventModel.schema), which lint and the fixtures check.
 */
function groupSchema(f: FamilyDef, g: GroupDef): JsonSchema {
  let schema = composeMessageSchema(f, g, g.match, undefined)
  for (const e of f.events) {
    if (e.group === g.id && e.base !== undefined) schema = mergeSchema(schema, withoutRequired(e.base))
  }
  return schema
}

function withoutRequired(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, ({ required: _required, ...rest }) => rest)
}

function buildEvent(
  f: FamilyDef,
  e: EventDef,
  typePrefix: string,
  resolve: (ids: readonly string[]) => SourceDef[],
): EventModel {
  const group = f.groups.get(e.group)!
  const match: Record<string, string> = {}
  for (const pointer of f.discriminator) if (e.match[pointer] !== undefined) match[pointer] = e.match[pointer]
  const { location, typeName, ...rest } = e
  return {
    kind: 'event',
    ...rest,
    direction: group.direction,
    typeName: eventTypeName(typePrefix, e.name, typeName),
    match,
    payloadAt: group.payloadAt,
    schema: composeMessageSchema(f, group, match, e.payload, e.base),
    sources: resolve(e.sources),
    source: location,
  }
}
