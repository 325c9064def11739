import type { JsonSchema } from './types.js'
import { mapSchema } from './walk.js'

/**
 * Closes every object (`type: object` with `properties`) that says nothing of `additionalProperties`, so unknown
 * fields surface (as drift). An explicit `additionalProperties` (true, or a schema for maps) stays open.
 */
export function closeObjects(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, closedNode)
}

/** One node as `closeObjects` closes it, children untouched: a copy when it closes, else the node itself. */
export function closedNode(node: JsonSchema): JsonSchema {
  return isShape(node) && node['additionalProperties'] === undefined ? { ...node, additionalProperties: false } : node
}

// Only a schema that says `type: object` declares a shape; a bare `{properties: …}` inside anyOf/oneOf
// only constrains some fields of its parent's shape, and closing it would reject the parent's other fields.
function isShape(node: JsonSchema): boolean {
  const type = node['type']
  return node['properties'] !== undefined && (type === 'object' || (Array.isArray(type) && type.includes('object')))
}

/** Rewrites catalog-only spellings for ajv: an `x-bigint` integer drops `type`, as a bigint is not a JSON number. */
export function forAjv(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) => {
    if (node['x-bigint'] !== true) return node
    const { type: _type, ...rest } = node
    return rest
  })
}
