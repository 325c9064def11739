import type { JsonSchema } from '../../schema/types.js'
import type { EventModel, FamilyModel } from '../../model/types.js'

/** Where a schema node is written: a catalog file, the YAML path to the node, and the node (undefined: to create). */
export interface Location {
  readonly file: string
  readonly path: readonly (string | number)[]
  readonly node: JsonSchema | undefined
}

/** The raw YAML values of the family file (group bases and envelopes are not in the model as written). */
export interface FamilyFile {
  readonly file: string
  readonly value: Readonly<Record<string, unknown>>
}

/**
 * Finds where the schema node at an instance path (`*` for array items or map values) of an event is written.
 * The event's payload wins for paths under its group's payloadAt, then the group's base, then the envelope;
 * `$ref`s lead into the family's definitions. `shared` (the path drifts in several groups) goes to the envelope.
 */
export function locate(
  family: FamilyModel,
  raw: FamilyFile,
  event: EventModel,
  segments: readonly string[],
  shared = false,
): Location | undefined {
  const group = ((raw.value['groups'] ?? {}) as Record<string, Record<string, unknown>>)[event.group] ?? {}
  const at = event.payloadAt === '' ? [] : event.payloadAt.slice(1).split('/')
  const layers: { file: string; path: (string | number)[]; node: JsonSchema | undefined; rel: readonly string[] }[] = []
  if (!shared && at.every((s, i) => segments[i] === s)) {
    const eventPath = event.source.pointer
      .slice(1)
      .split('/')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
    layers.push({
      file: event.source.file,
      path: [...eventPath, 'payload'],
      node: event.payload,
      rel: segments.slice(at.length),
    })
  }
  if (!shared && group['base'] !== undefined)
    layers.push({
      file: raw.file,
      path: ['groups', event.group, 'base'],
      node: group['base'] as JsonSchema,
      rel: segments,
    })
  const envelope = group['envelope'] !== undefined
  layers.push({
    file: raw.file,
    path: envelope ? ['groups', event.group, 'envelope'] : ['envelope'],
    node: (envelope ? group['envelope'] : raw.value['envelope']) as JsonSchema,
    rel: segments,
  })
  for (const layer of layers) {
    if (layer.node === undefined) {
      if (layer.rel.length === 0) return { file: layer.file, path: layer.path, node: undefined }
      continue
    }
    const found = walk(family, raw.file, layer, layer.rel)
    if (found !== undefined) return found
  }
  return undefined
}

function walk(family: FamilyModel, familyFile: string, start: Location, rel: readonly string[]): Location | undefined {
  let here: Location = start
  for (const seg of rel) {
    here = followRef(family, familyFile, here)
    const node = here.node!
    let key: (string | number)[]
    if (seg === '*')
      key = isObject(node['items']) ? ['items'] : isObject(node['additionalProperties']) ? ['additionalProperties'] : []
    else key = isObject((node['properties'] as Record<string, unknown> | undefined)?.[seg]) ? ['properties', seg] : []
    if (key.length === 0) return undefined
    const next = key.length === 1 ? node[key[0] as string] : (node['properties'] as Record<string, unknown>)[seg]
    here = { file: here.file, path: [...here.path, ...key], node: next as JsonSchema }
  }
  return followRef(family, familyFile, here)
}

function followRef(family: FamilyModel, familyFile: string, here: Location): Location {
  let out = here
  for (let i = 0; i < 16; i++) {
    const ref = out.node?.['$ref']
    if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return out
    const name = ref.slice('#/definitions/'.length)
    out = { file: familyFile, path: ['definitions', name], node: family.definitions[name] }
  }
  return out
}

function isObject(v: unknown): v is JsonSchema {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
