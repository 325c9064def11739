import type { EventDef, FamilyDef, SourceDef, ValidatedCatalog } from '../catalog/types.js'
import { CatalogError, cmp } from '../errors.js'
import { composeMessageSchema, projectDefinitions } from '../schema/compose.js'
import { projectSchema } from '../schema/project.js'
import { rangeText, versionsIn } from '../schema/version-range.js'
import { definitionTypeName, eventNames, eventTypeName, familyNames, groupNames, nameCollisions } from './names.js'
import { composeEvent } from './project.js'
import type { CatalogModel, EventModel, FamilyModel, GroupModel } from './types.js'

/** Builds the model every generator reads: composed schemas, names decided once, everything sorted. */
export function buildModel(catalog: ValidatedCatalog): CatalogModel {
  const families = [...catalog.families].sort((a, b) => cmp(a.id, b.id)).map(buildFamily)
  const named = families.flatMap((f) => [
    ...f.events,
    // Shared fragments become types named prefix + name; they share the namespace with event types.
    ...Object.keys(f.definitions).map((name) => ({
      typeName: definitionTypeName(f.typePrefix, name),
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
  const names = familyNames(f.id)
  const typePrefix = names.typePrefix
  const resolve = (ids: readonly string[]): SourceDef[] => ids.map((id) => f.sources.get(id)!)
  // What any known version sends: a versioned field is required only where every known version sends it.
  const all = versionsIn(f.versions?.known ?? [], undefined)
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
    ...groupNames(f.id, g.id),
    schema: composeMessageSchema(f, g, g.match, undefined, { versions: all }),
    sources: resolve(g.sources),
  }))
  const events = [...f.events]
    .sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group) || cmp(a.name, b.name))
    .map((e) => buildEvent(f, e, typePrefix, resolve))
  return {
    kind: 'family',
    id: f.id,
    ...names,
    title: f.title,
    summary: f.summary,
    transport: f.transport,
    discriminator: f.discriminator,
    envelope: projectSchema(f.envelope, 'any', all),
    definitions: projectDefinitions(f.definitions, 'any', all),
    ...(f.versions === undefined ? {} : { versions: f.versions }),
    parts: {
      envelope: f.envelope,
      definitions: f.definitions,
      groups: Object.fromEntries(
        [...f.groups.values()].map((g) => [
          g.id,
          {
            ...(g.envelope === undefined ? {} : { envelope: g.envelope }),
            ...(g.base === undefined ? {} : { base: g.base }),
            match: g.match,
            payloadAt: g.payloadAt,
          },
        ]),
      ),
    },
    shapes: f.shapes,
    sources: [...f.sources.values()],
    groups,
    events,
    notes: f.notes,
    source: f.location,
  }
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
  const sentBy = rangeText(e)
  return {
    kind: 'event',
    ...rest,
    direction: group.direction,
    typeName: eventTypeName(typePrefix, e.name, typeName),
    ...eventNames(eventTypeName(typePrefix, e.name, typeName)),
    match,
    payloadAt: group.payloadAt,
    ...composeEvent(
      f,
      group,
      { match, ...opt('payload', e.payload), ...opt('base', e.base), ...opt('sentBy', sentBy) },
      'any',
      f.versions?.known ?? [],
    ),
    ...(sentBy === undefined ? {} : { sentBy }),
    sources: resolve(e.sources),
    source: location,
  }
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
