/** A JSON Schema object as it appears in the catalog (draft-07 plus evcat's x- keywords). */
export type JsonSchema = { readonly [key: string]: unknown }

/** A family's shared fragments, by name: what `#/definitions/X` points at. */
export type Definitions = Readonly<Record<string, JsonSchema>>

/** A plain object that can hold schema keywords (not an array, not null). */
export function isSchemaObject(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
