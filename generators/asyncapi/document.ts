import type { CatalogModel, EventModel, FamilyModel } from '../../src/model/types.js'
import type { EventFixtures } from '../fixtures/types.js'
import { definitionName, eventAnnotations, eventDescription, exportContext, schemaId } from '../schemas/documents.js'
import { exportSchema } from '../schemas/export.js'
import { channelsAndOperations } from './channels.js'
import { securitySchemes, servers } from './servers.js'

/** The AsyncAPI version evcat writes. */
export const ASYNCAPI_VERSION = '3.0.0'

/**
 * One family's AsyncAPI 3.0 document as plain data. Messages and their payload schemas are components named
 * by the event's type name (`LxdInstanceRenamedEvent`), so tools never fall back to `AnonymousSchema_N`; each
 * message's `name` is the event's catalog name. Payloads are the exported schemas of `schemas/` (closed objects,
 * `x-evcat-*` keywords), with shared fragments as `#/components/schemas/<Prefix><Name>`.
 */
export function asyncapiDocument(
  model: CatalogModel,
  family: FamilyModel,
  fixtures: ReadonlyMap<string, EventFixtures>,
): Record<string, unknown> {
  const ctx = exportContext(family, '#/components/schemas/')
  const schemas: Record<string, unknown> = {}
  for (const [name, d] of Object.entries(family.definitions))
    schemas[definitionName(family, name)] = exportSchema(d, ctx)
  const messages: Record<string, unknown> = {}
  for (const e of family.events) {
    const { description: _envelope, ...payload } = exportSchema(e.schema, ctx)
    schemas[e.typeName] = { title: e.typeName, description: eventDescription(family, e), ...payload }
    messages[e.typeName] = message(family, e, fixtures.get(e.name))
  }
  const { channels, operations } = channelsAndOperations(family)
  const schemes = securitySchemes(family)
  const versions = family.versions
  return {
    asyncapi: ASYNCAPI_VERSION,
    id: schemaId(family.id).replace(':schema:', ':asyncapi:'),
    info: {
      title: family.title,
      version: model.version,
      description: [family.summary, ...family.notes.map((n) => `- ${n}`)].join('\n\n'),
      tags: family.groups.map((g) => ({
        name: g.title,
        ...(g.summary === undefined ? {} : { description: g.summary }),
      })),
      'x-evcat-family': family.id,
      'x-evcat-discriminator': family.discriminator,
      ...(versions === undefined ? {} : { 'x-evcat-versions': versions }),
      'x-evcat-sources': family.sources,
    },
    defaultContentType: 'application/json',
    ...nonEmpty('servers', servers(family)),
    channels,
    operations,
    components: {
      schemas,
      messages,
      ...nonEmpty('securitySchemes', schemes),
    },
  }
}

function message(family: FamilyModel, e: EventModel, fixtures: EventFixtures | undefined): Record<string, unknown> {
  const group = family.groups.find((g) => g.id === e.group)
  const example = fixtures?.valid[0]
  const { 'x-evcat-event': event, ...facts } = eventAnnotations(family, e)
  return {
    name: e.name,
    title: `${group?.title ?? e.group}: ${e.name}`,
    summary: e.summary,
    ...(e.description === undefined ? {} : { description: e.description }),
    contentType: 'application/json',
    payload: { $ref: `#/components/schemas/${e.typeName}` },
    ...(group === undefined ? {} : { tags: [{ name: group.title }] }),
    ...(example === undefined
      ? {}
      : { examples: [{ name: example.id, summary: example.note, payload: example.value }] }),
    'x-evcat-discriminator': e.match,
    'x-evcat-event': event,
    ...facts,
  }
}

function nonEmpty(key: string, value: Record<string, unknown>): Record<string, unknown> {
  return Object.keys(value).length === 0 ? {} : { [key]: value }
}
