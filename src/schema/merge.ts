import { mergedEvidence } from './evidence.js'
import { pointerSegments, toPointer } from './pointer.js'
import type { JsonSchema } from './types.js'

/**
 * Merges schema `b` into `a` without mutating either: `properties` merge key by key (recursively),
 * `required` is the union, and every other keyword of `b` replaces `a`'s; `x-evidence` keeps backing each side's
 * own keywords (`mergedEvidence`).
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
  if (a['x-evidence'] !== undefined || b['x-evidence'] !== undefined) out['x-evidence'] = mergedEvidence(a, b, out)
  return out
}

/** Merges `part` into `schema` at a JSON Pointer that walks through `properties`, creating objects as needed. */
export function mergeAt(schema: JsonSchema, pointer: string, part: JsonSchema): JsonSchema {
  const segments = pointerSegments(pointer)
  if (segments.length === 0) return mergeSchema(schema, part)
  const [head, ...rest] = segments as [string, ...string[]]
  const props = (schema['properties'] as Record<string, JsonSchema> | undefined) ?? {}
  const inner = props[head] ?? {}
  return { ...schema, properties: { ...props, [head]: mergeAt(inner, toPointer(rest), part) } }
}

/** Marks every segment of a `properties` path as required in its parent. */
export function requireAt(schema: JsonSchema, pointer: string): JsonSchema {
  const [head, ...rest] = pointerSegments(pointer)
  if (head === undefined) return schema
  const props = (schema['properties'] as Record<string, JsonSchema> | undefined) ?? {}
  const required = (schema['required'] as string[] | undefined) ?? []
  return {
    ...schema,
    required: required.includes(head) ? required : [...required, head],
    properties: { ...props, [head]: requireAt(props[head] ?? {}, toPointer(rest)) },
  }
}

/** Reads the sub-schema at a pointer that walks through `properties`; undefined when absent. */
export function schemaAt(schema: JsonSchema, pointer: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema
  for (const segment of pointerSegments(pointer)) {
    node = (node?.['properties'] as Record<string, JsonSchema> | undefined)?.[segment]
  }
  return node
}
