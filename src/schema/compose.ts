import { mergeAt, mergeSchema, requireAt, schemaAt } from './merge.js'
import type { Definitions, JsonSchema } from './types.js'

/** The parts of a family that event composition reads. */
export interface ComposeFamily {
  readonly envelope: JsonSchema
  readonly definitions: Definitions
}

/** The parts of a group that event composition reads. */
export interface ComposeGroup {
  readonly envelope?: JsonSchema
  readonly base?: JsonSchema
  readonly payloadAt: string
}

/**
 * The whole message schema of one event: the envelope (family's, or the group's own), the group's base,
 * each discriminator value as a `const`, and the event's payload merged at the group's `payloadAt`.
 * `$ref`s still point at `#/definitions/…`; callers add definitions as they need them.
 */
export function composeMessageSchema(
  family: ComposeFamily,
  group: ComposeGroup,
  match: Readonly<Record<string, string>>,
  payload: JsonSchema | undefined,
): JsonSchema {
  let s = group.envelope ?? family.envelope
  if (group.base !== undefined) s = mergeSchema(s, group.base)
  for (const [pointer, value] of Object.entries(match)) s = mergeAt(s, pointer, discriminatorValue(s, pointer, value))
  if (payload !== undefined) {
    s = mergeAt(s, group.payloadAt, payload)
    // A payload with required fields cannot be absent (LXD omits an empty context, never one with keys).
    if (Array.isArray(payload['required']) && payload['required'].length > 0) s = requireAt(s, group.payloadAt)
  }
  return s
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
