import type { EventModel, FamilyModel } from '../../src/model/types.js'
import { discriminatorValue } from '../../src/schema/compose.js'
import { reachableDefinitions } from '../../src/schema/refs.js'
import type { JsonSchema } from '../../src/schema/types.js'
import { describeRange } from '../../src/schema/version-range.js'
import { eventFileName } from '../fixtures/index.js'
import {
  BIGINT_NOTE,
  CLOSED_NOTE,
  VERSIONS_NOTE,
  bigintFields,
  countEqualsFields,
  exportSchema,
  type ExportContext,
} from './export.js'

/** The dialect of every exported schema (the catalog's own). */
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#'

/** The file stem of an event (`global-WebSocket-connection-…`), shared with the fixtures' file names. */
export function eventStem(name: string): string {
  return eventFileName(name).replace(/\.json$/, '')
}

/** The stable `$id` of an event's schema, or of its family's dispatching schema when `event` is omitted. */
export function schemaId(family: string, event?: string): string {
  return event === undefined ? `urn:evcat:schema:${family}` : `urn:evcat:schema:${family}:${eventStem(event)}`
}

/** How a family's shared fragment is named once exported: the family's type prefix and its name (`LxdRequestor`). */
export function definitionName(family: FamilyModel, name: string): string {
  return `${family.typePrefix}${name}`
}

/** The export context of a family whose fragments live under `base` (`#/definitions/`, `#/components/schemas/`). */
export function exportContext(family: FamilyModel, base: string): ExportContext {
  return { sources: family.sources, ref: (name) => `${base}${encodeURIComponent(definitionName(family, name))}` }
}

/** One event's self-contained schema: `$schema`, `$id`, title, description, the closed message and its fragments. */
export function eventSchema(family: FamilyModel, event: EventModel): JsonSchema {
  const ctx = exportContext(family, '#/definitions/')
  const defs = reachableDefinitions(event.schema, family.definitions)
  const definitions = Object.fromEntries(
    Object.entries(defs).map(([name, d]) => [definitionName(family, name), exportSchema(d, ctx)]),
  )
  const { description: _envelope, ...body } = exportSchema(event.schema, ctx)
  return {
    $schema: DRAFT_07,
    $id: schemaId(family.id, event.name),
    title: event.typeName,
    description: eventDescription(family, event),
    ...body,
    ...eventAnnotations(family, event),
    ...(Object.keys(definitions).length > 0 ? { definitions } : {}),
  }
}

/** The event's words for people: summary, envelope, versions, and what a generic validator must know. */
export function eventDescription(family: FamilyModel, event: EventModel): string {
  const parts = [`${family.title}: ${event.name}. ${event.summary}`.trim()]
  if (typeof event.schema['description'] === 'string') parts.push(event.schema['description'])
  if (event.sentBy !== undefined) parts.push(`Sent by server versions ${describeRange(event.sentBy)}.`)
  parts.push(CLOSED_NOTE)
  if (family.versions !== undefined) parts.push(VERSIONS_NOTE)
  const bigints = bigintFields(event.schema, family.definitions)
  if (bigints.length > 0) parts.push(`Exact integers at ${bigints.join(', ')}. ${BIGINT_NOTE}`)
  const counts = countEqualsFields(event.schema, family.definitions)
  if (counts.length > 0)
    parts.push(`Checked by evcat only (x-evcat-count-equals) at ${counts.join(', ')}: a generic validator skips it.`)
  return parts.join('\n\n')
}

/** The `x-evcat-*` facts of an event: where it sits, how it is matched, versions, provenance and corrections. */
export function eventAnnotations(family: FamilyModel, event: EventModel): Record<string, unknown> {
  const bigints = bigintFields(event.schema, family.definitions)
  return {
    'x-evcat-event': {
      family: family.id,
      group: event.group,
      name: event.name,
      direction: event.direction,
      discriminator: event.match,
      ...(event.sentBy === undefined ? {} : { sentBy: event.sentBy, sentByText: describeRange(event.sentBy) }),
      ...(event.deprecated === undefined ? {} : { deprecated: event.deprecated }),
      catalogFile: `${event.source.file}:${event.source.line}`,
    },
    'x-evcat-unknown-fields': 'drift',
    ...(bigints.length > 0 ? { 'x-evcat-bigint-fields': bigints } : {}),
    'x-evcat-sources': event.sources,
    ...(event.corrections.length > 0 ? { 'x-evcat-corrections': event.corrections } : {}),
  }
}

/**
 * The family's dispatching schema: every event's message under `definitions`, one `if`/`then` per event on its
 * discriminator values, and an `anyOf` of the same conditions so that an unknown event fails (evcat: drift).
 */
export function familySchema(family: FamilyModel): JsonSchema {
  const ctx = exportContext(family, '#/definitions/')
  const definitions: Record<string, JsonSchema> = {}
  for (const [name, d] of Object.entries(family.definitions))
    definitions[definitionName(family, name)] = exportSchema(d, ctx)
  for (const e of family.events) {
    const { description: _envelope, ...body } = exportSchema(e.schema, ctx)
    definitions[e.typeName] = { title: e.typeName, description: `${e.name}: ${e.summary}`, ...body }
  }
  const versions = family.versions
  const serverKeys = directionKeys(family)
  // As evcat's dispatcher does: with messages both ways, a message with every key all server groups require is
  // the server's; the discriminator values alone may not tell (Events Hub's system/client-id goes both ways).
  const condition = (e: EventModel): JsonSchema =>
    serverKeys === undefined
      ? matchSchema(e)
      : e.direction === 'server'
        ? { ...matchSchema(e), required: [...new Set([...requiredOf(matchSchema(e)), ...serverKeys])] }
        : { allOf: [matchSchema(e), { not: { required: serverKeys } }] }
  return {
    $schema: DRAFT_07,
    $id: schemaId(family.id),
    title: `${family.typePrefix}Event`,
    description: [
      `${family.title}: any one of its ${family.events.length} events, told apart by ${family.discriminator.join(', then ')}.`,
      family.summary,
      'Each event is checked by the if/then whose discriminator values it carries; a message that matches no event fails the anyOf (evcat validate calls it drift).',
      CLOSED_NOTE,
      ...(versions === undefined ? [] : [VERSIONS_NOTE]),
    ].join('\n\n'),
    type: 'object',
    allOf: family.events.map((e) => ({ if: condition(e), then: { $ref: `#/definitions/${e.typeName}` } })),
    anyOf: family.events.map(condition),
    'x-evcat-discriminator': family.discriminator,
    'x-evcat-unknown-fields': 'drift',
    ...(versions === undefined ? {} : { 'x-evcat-versions': versions }),
    'x-evcat-sources': family.sources,
    definitions,
  }
}

/** The root keys every server group's messages have, when the family has client messages too; else undefined. */
export function directionKeys(family: FamilyModel): string[] | undefined {
  if (!family.groups.some((g) => g.direction === 'client')) return undefined
  const keys = family.groups.filter((g) => g.direction === 'server').map((g) => requiredOf(g.schema))
  return keys.length === 0 ? undefined : keys.reduce((a, b) => a.filter((k) => b.includes(k)))
}

function requiredOf(schema: JsonSchema): string[] {
  return Array.isArray(schema['required']) ? schema['required'].map(String) : []
}

/** A schema that holds exactly when a message carries the event's discriminator values. */
export function matchSchema(e: EventModel): JsonSchema {
  let out: JsonSchema = {}
  for (const [pointer, value] of Object.entries(e.match))
    out = nest(out, segments(pointer), discriminatorValue(e.schema, pointer, value))
  return out
}

function nest(into: JsonSchema, path: readonly string[], leaf: JsonSchema): JsonSchema {
  const [head, ...rest] = path
  if (head === undefined) return { ...into, ...leaf }
  const props = (into['properties'] as Record<string, JsonSchema> | undefined) ?? {}
  const required = (into['required'] as string[] | undefined) ?? []
  return {
    ...into,
    properties: { ...props, [head]: nest(props[head] ?? {}, rest, leaf) },
    required: required.includes(head) ? required : [...required, head],
  }
}

function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}
