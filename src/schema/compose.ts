import { mergeAt, mergeSchema, requireAt, schemaAt } from './merge.js'
import type { Version } from '../runtime/version.js'
import { ANY_VERSION, projectSchema, type VersionTarget } from './project.js'
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

/** Options of `composeMessageSchema`. */
export interface ComposeOptions {
  /** The event's own base, merged at the root after the group's. */
  readonly base?: JsonSchema
  /** The server version the schema is for. @default 'any' (what any known version sends) */
  readonly target?: VersionTarget
  /**
   * With target `any`: the known versions that send the event. A versioned field that every one of them sends
   * stays required (see `projectSchema`). @default [] (every versioned field optional)
   */
  readonly versions?: readonly Version[]
  /**
   * false: compose without projecting, every version mark and every versioned name in `required` kept as the
   * catalog writes them (what `evcat diff` compares). @default true
   */
  readonly project?: boolean
}

/**
 * The whole message schema of one event: the envelope (family's, or the group's own), the group's base, the
 * event's own base, each discriminator value as a `const`, and the event's payload merged at the group's
 * `payloadAt`, projected to one server version (or to what any version sends: see `projectSchema`).
 * `$ref`s still point at `#/definitions/…`; callers add definitions (projected the same way) as they need them.
 */
export function composeMessageSchema(
  family: ComposeFamily,
  group: ComposeGroup,
  match: Readonly<Record<string, string>>,
  payload: JsonSchema | undefined,
  options: ComposeOptions = {},
): JsonSchema {
  const target = options.target ?? ANY_VERSION
  let s = group.envelope ?? family.envelope
  if (group.base !== undefined) s = mergeSchema(s, group.base)
  if (options.base !== undefined) s = mergeSchema(s, options.base)
  for (const [pointer, value] of Object.entries(match)) s = mergeAt(s, pointer, discriminatorValue(s, pointer, value))
  if (payload !== undefined) s = mergeAt(s, group.payloadAt, payload)
  const versions = options.versions ?? []
  const project = options.project !== false
  if (project) s = projectSchema(s, target, versions)
  // A payload with fields this version always sends cannot be absent (LXD omits an empty context, never one
  // with keys); a context whose keys only some versions send stays optional where they do not.
  const required = payload === undefined ? undefined : projectSchema(payload, target, versions)['required']
  if (Array.isArray(required) && required.length > 0) s = requireAt(s, group.payloadAt)
  return s
}

/** A family's shared fragments projected to one server version, or to what any version sends. */
export function projectDefinitions(
  definitions: Definitions,
  target: VersionTarget = ANY_VERSION,
  versions: readonly Version[] = [],
): Definitions {
  const out: Record<string, JsonSchema> = {}
  for (const [name, fragment] of Object.entries(definitions)) out[name] = projectSchema(fragment, target, versions)
  return out
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
