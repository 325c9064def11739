import { pointerSegments } from '../catalog/locate.js'
import type { JsonSchema } from '../catalog/types.js'

/**
 * Merges schema `b` into `a` without mutating either: `properties` merge key by key (recursively),
 * `required` is the union, and every other keyword of `b` replaces `a`'s.
 */
export function mergeSchema(a: JsonSchema, b: JsonSchema): JsonSchema {
  const out: Record<string, unknown> = { ...a, ...b }
  const pa = a['properties'] as Record<string, JsonSchema> | undefined
  const pb = b['properties'] as Record<string, JsonSchema> | undefined
  if (pa !== undefined && pb !== undefined) {
    const merged: Record<string, JsonSchema> = { ...pa }
    for (const [key, value] of Object.entries(pb)) {
      const prev = pa[key]
      merged[key] = prev === undefined ? value : mergeSchema(prev, value)
    }
    out['properties'] = merged
  }
  const ra = a['required'] as readonly string[] | undefined
  const rb = b['required'] as readonly string[] | undefined
  if (ra !== undefined && rb !== undefined) out['required'] = [...ra, ...rb.filter((k) => !ra.includes(k))]
  return out
}

/** Merges `part` into `schema` at a JSON Pointer that walks through `properties`, creating objects as needed. */
export function mergeAt(schema: JsonSchema, pointer: string, part: JsonSchema): JsonSchema {
  const segments = pointerSegments(pointer)
  if (segments.length === 0) return mergeSchema(schema, part)
  const [head, ...rest] = segments as [string, ...string[]]
  const props = (schema['properties'] as Record<string, JsonSchema> | undefined) ?? {}
  const inner = props[head] ?? {}
  const restPointer = rest.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('')
  return { ...schema, properties: { ...props, [head]: mergeAt(inner, restPointer, part) } }
}

/** Reads the sub-schema at a pointer that walks through `properties`; undefined when absent. */
export function schemaAt(schema: JsonSchema, pointer: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema
  for (const segment of pointerSegments(pointer)) {
    node = (node?.['properties'] as Record<string, JsonSchema> | undefined)?.[segment]
  }
  return node
}

/** Every `$ref` string in a schema, with its JSON Pointer relative to the schema root. */
export function collectRefs(schema: unknown, base = ''): { ref: string; pointer: string }[] {
  const out: { ref: string; pointer: string }[] = []
  walk(schema, base, (node, pointer) => {
    const ref = node['$ref']
    if (typeof ref === 'string') out.push({ ref, pointer: `${pointer}/$ref` })
  })
  return out
}

/**
 * The shared fragments a schema reaches through `#/definitions/X` refs, transitively, in the family's order.
 * Compilers given only these (not every fragment of the family) do work in proportion to the event, not the family.
 */
export function reachableDefinitions(
  schema: unknown,
  definitions: Readonly<Record<string, JsonSchema>>,
): Record<string, JsonSchema> {
  const seen = new Set<string>()
  const queue = [schema]
  while (queue.length > 0) {
    for (const { ref } of collectRefs(queue.pop())) {
      const name = ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined
      if (name === undefined || seen.has(name) || definitions[name] === undefined) continue
      seen.add(name)
      queue.push(definitions[name])
    }
  }
  const out: Record<string, JsonSchema> = {}
  for (const [name, fragment] of Object.entries(definitions)) if (seen.has(name)) out[name] = fragment
  return out
}

/** Visits every schema object in a JSON Schema (not inside `const`, `enum`, `examples` or `default`). */
export function walk(schema: unknown, pointer: string, visit: (node: JsonSchema, pointer: string) => void): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return
  const node = schema as JsonSchema
  visit(node, pointer)
  for (const [key, value] of Object.entries(node)) {
    if (key === 'const' || key === 'enum' || key === 'examples' || key === 'default' || key === 'x-known') continue
    const p = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${p}/${i}`, visit))
    else if (value !== null && typeof value === 'object') walk(value, p, visit)
  }
}

/** The parts of a family that event composition reads. */
export interface ComposeFamily {
  readonly envelope: JsonSchema
  readonly definitions: Readonly<Record<string, JsonSchema>>
}

/** The parts of a group that event composition reads. */
export interface ComposeGroup {
  readonly envelope?: JsonSchema
  readonly base?: JsonSchema
  readonly payloadAt: string
}

/**
 * The whole message schema of one event: the envelope (family's, or the group's own), the group's base, the
 * event's own base, each discriminator value as a `const`, and the event's payload merged at the group's `payloadAt`.
 * It is the schema of every version at once: each piece's versioned properties are not required (`optionalVersioned`);
 * a piece that requires a property another piece versions (a payload requiring a field the envelope adds in some
 * version) states that its event always carries it.
 * `$ref`s still point at `#/definitions/…`; callers add definitions as they need them.
 */
export function composeMessageSchema(
  family: ComposeFamily,
  group: ComposeGroup,
  match: Readonly<Record<string, string>>,
  payload: JsonSchema | undefined,
  eventBase?: JsonSchema,
): JsonSchema {
  let s = optionalVersioned(group.envelope ?? family.envelope)
  if (group.base !== undefined) s = mergeSchema(s, optionalVersioned(group.base))
  if (eventBase !== undefined) s = mergeSchema(s, optionalVersioned(eventBase))
  for (const [pointer, value] of Object.entries(match)) s = mergeAt(s, pointer, discriminatorValue(s, pointer, value))
  if (payload !== undefined) {
    const part = optionalVersioned(payload)
    s = mergeAt(s, group.payloadAt, part)
    // A payload with required fields cannot be absent (LXD omits an empty context, never one with keys).
    if (Array.isArray(part['required']) && part['required'].length > 0) s = requirePath(s, group.payloadAt)
  }
  return s
}

/**
 * Drops versioned properties (`x-since`, `x-until` or `x-versions`) from the `required` lists of the schema nodes
 * that declare them: a versioned field in `required` is required only by the versions that send it, so the schema
 * of every version at once leaves it optional.
 */
export function optionalVersioned(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) => {
    const required = node['required']
    const props = node['properties'] as Record<string, JsonSchema> | undefined
    if (!Array.isArray(required) || props === undefined) return node
    const kept = required.filter((name) => !isVersioned(props[String(name)]))
    if (kept.length === required.length) return node
    const { required: _required, ...rest } = node
    return kept.length === 0 ? rest : { ...rest, required: kept }
  })
}

function isVersioned(node: JsonSchema | undefined): boolean {
  return (
    node !== undefined &&
    (node['x-since'] !== undefined || node['x-until'] !== undefined || node['x-versions'] !== undefined)
  )
}

/** Marks every segment of a `properties` path as required in its parent. */
function requirePath(schema: JsonSchema, pointer: string): JsonSchema {
  const [head, ...rest] = pointerSegments(pointer)
  if (head === undefined) return schema
  const props = (schema['properties'] as Record<string, JsonSchema> | undefined) ?? {}
  const required = (schema['required'] as string[] | undefined) ?? []
  const restPointer = rest.map((x) => '/' + x.replace(/~/g, '~0').replace(/\//g, '~1')).join('')
  return {
    ...schema,
    required: required.includes(head) ? required : [...required, head],
    properties: { ...props, [head]: requirePath(props[head] ?? {}, restPointer) },
  }
}

/**
 * The schema of one discriminator value: a `const`, except that a numeric value (i3D's `19001`) also
 * matches the equal number when the envelope lets that field be an integer, since pages leave the type open.
 */
export function discriminatorValue(schema: JsonSchema, pointer: string, value: string): JsonSchema {
  const type = schemaAt(schema, pointer)?.['type']
  const allowsInteger = type === 'integer' || (Array.isArray(type) && type.includes('integer'))
  return allowsInteger && /^(0|[1-9][0-9]{0,14})$/.test(value) ? { enum: [value, Number(value)] } : { const: value }
}

/**
 * Closes every object (`type: object` with `properties`) that says nothing of `additionalProperties`, so unknown
 * fields surface (as drift). An explicit `additionalProperties` (true, or a schema for maps) stays open.
 */
export function closeObjects(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) =>
    isShape(node) && node['additionalProperties'] === undefined ? { ...node, additionalProperties: false } : node,
  )
}

// Only a schema that says `type: object` declares a shape; a bare `{properties: …}` inside anyOf/oneOf
// only constrains some fields of its parent's shape, and closing it would reject the parent's other fields.
function isShape(node: JsonSchema): boolean {
  const type = node['type']
  return node['properties'] !== undefined && (type === 'object' || (Array.isArray(type) && type.includes('object')))
}

/** Rewrites catalog-only spellings for ajv: an `x-bigint` integer drops `type`, because a bigint is not a JSON number. */
export function forAjv(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) => {
    if (node['x-bigint'] !== true) return node
    const { type: _type, ...rest } = node
    return rest
  })
}

/** Rebuilds a schema bottom-up, applying `fn` to every schema object (not inside const/enum/examples/default). */
export function mapSchema(schema: JsonSchema, fn: (node: JsonSchema) => JsonSchema): JsonSchema {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'const' || key === 'enum' || key === 'examples' || key === 'default' || key === 'x-known')
      out[key] = value
    else if (key === 'properties' || key === 'definitions' || key === 'patternProperties')
      out[key] = mapValues(value as Record<string, JsonSchema>, fn)
    else if (Array.isArray(value)) out[key] = value.map((v) => (isSchemaObject(v) ? mapSchema(v, fn) : v))
    else if (isSchemaObject(value)) out[key] = mapSchema(value, fn)
    else out[key] = value
  }
  return fn(out)
}

function mapValues(map: Record<string, JsonSchema>, fn: (node: JsonSchema) => JsonSchema): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {}
  for (const [k, v] of Object.entries(map)) out[k] = isSchemaObject(v) ? mapSchema(v, fn) : v
  return out
}

function isSchemaObject(v: unknown): v is JsonSchema {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
