import { childPointer } from './pointer.js'
import { isSchemaObject, type JsonSchema } from './types.js'

/** Keywords whose values are data, not schemas: walkers never look inside them. */
const DATA_KEYWORDS: ReadonlySet<string> = new Set(['const', 'enum', 'examples', 'default', 'x-known', 'x-pool'])

/** Keywords that hold a map of name → schema. */
const SCHEMA_MAPS: ReadonlySet<string> = new Set(['properties', 'definitions', 'patternProperties'])

/** Visits every schema object in a JSON Schema (not inside `const`, `enum`, `examples` or `default`). */
export function walk(schema: unknown, pointer: string, visit: (node: JsonSchema, pointer: string) => void): void {
  if (!isSchemaObject(schema)) return
  visit(schema, pointer)
  for (const [key, value] of Object.entries(schema)) {
    if (DATA_KEYWORDS.has(key)) continue
    const p = childPointer(pointer, key)
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${p}/${i}`, visit))
    else if (value !== null && typeof value === 'object') walk(value, p, visit)
  }
}

/** Rebuilds a schema bottom-up, applying `fn` to every schema object (not inside const/enum/examples/default). */
export function mapSchema(schema: JsonSchema, fn: (node: JsonSchema) => JsonSchema): JsonSchema {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (DATA_KEYWORDS.has(key)) out[key] = value
    else if (SCHEMA_MAPS.has(key)) out[key] = mapValues(value as Record<string, JsonSchema>, fn)
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
