import { cmp } from '../errors.js'
import { locate } from './locate.js'
import type { EventDef, FamilyDef, GroupDef, RawFile, SourceDef } from './types.js'
import type { JsonSchema } from '../schema/types.js'

/** Builds a FamilyDef from a family.yaml value that passed its meta-schema. */
export function buildFamily(file: RawFile, v: Record<string, unknown>): FamilyDef {
  const sources = new Map<string, SourceDef>()
  for (const id of Object.keys(v['sources'] as object).sort(cmp)) {
    sources.set(id, { id, ...(v['sources'] as Record<string, Omit<SourceDef, 'id'>>)[id]! })
  }
  const groups = new Map<string, GroupDef>()
  const rawGroups = v['groups'] as Record<string, Record<string, unknown>>
  for (const id of Object.keys(rawGroups)) {
    const g = rawGroups[id]!
    groups.set(id, {
      id,
      title: g['title'] as string,
      ...opt('service', g['service']),
      ...opt('summary', g['summary']),
      direction: (g['direction'] as 'server' | 'client' | undefined) ?? 'server',
      match: (g['match'] as Record<string, string> | undefined) ?? {},
      ...opt('key', g['key']),
      ...opt('envelope', g['envelope']),
      ...opt('base', g['base']),
      payloadAt: (g['payloadAt'] as string | undefined) ?? '',
      sources: (g['sources'] as string[] | undefined) ?? [],
      location: locate(file, `/groups/${id}`),
    })
  }
  return {
    id: v['family'] as string,
    title: v['title'] as string,
    summary: v['summary'] as string,
    transport: v['transport'] as Record<string, unknown>,
    sources,
    discriminator: v['discriminator'] as string[],
    envelope: v['envelope'] as JsonSchema,
    definitions: (v['definitions'] as Record<string, JsonSchema> | undefined) ?? {},
    groups,
    notes: (v['notes'] as string[] | undefined) ?? [],
    ...opt('versions', v['versions']),
    shapes: (v['shapes'] as FamilyDef['shapes'] | undefined) ?? {},
    events: [],
    location: locate(file, ''),
  }
}

/** Builds an EventDef from one entry of a group file, merging the group's discriminator values with its own. */
export function buildEvent(
  file: RawFile,
  family: FamilyDef,
  group: GroupDef,
  e: Record<string, unknown>,
  index: number,
): EventDef {
  const name = e['name'] as string
  const match: Record<string, string> = { ...group.match }
  if (group.key !== undefined) match[group.key] = (e['value'] as string | undefined) ?? name
  Object.assign(match, (e['match'] as Record<string, string> | undefined) ?? {})
  return {
    family: family.id,
    group: group.id,
    name,
    match,
    ...opt('typeName', e['typeName']),
    summary: e['summary'] as string,
    ...opt('description', e['description']),
    ...opt('emitter', e['emitter']),
    ...opt('gate', e['gate']),
    ...opt('payload', e['payload']),
    ...opt('base', e['base']),
    ...opt('since', e['since']),
    ...opt('until', e['until']),
    ...opt('versions', e['versions']),
    ...opt('deprecated', e['deprecated']),
    sources: e['sources'] as string[],
    pages: (e['pages'] as EventDef['pages'] | undefined) ?? [],
    examples: (e['examples'] as EventDef['examples'] | undefined) ?? [],
    corrections: (e['corrections'] as EventDef['corrections'] | undefined) ?? [],
    notes: (e['notes'] as string[] | undefined) ?? [],
    location: locate(file, `/events/${index}`),
  }
}

// The meta-schema has already checked each value's type; `never` lets the spread take the field's declared type.
function opt<K extends string>(key: K, value: unknown): { [P in K]?: never } {
  return (value === undefined ? {} : { [key]: value }) as unknown as { [P in K]?: never }
}
