import type { Version } from '../runtime/version.js'
import { inRange, isVersioned, nodeMarks, parseRange, rangeText } from './version-range.js'

type Schema = { readonly [key: string]: unknown }

/** What a schema is projected for: one server version, or `any` (what any known version sends). */
export type VersionTarget = 'any' | Version

/** The projection that keeps every version's shape: versioned fields known but optional. */
export const ANY_VERSION: VersionTarget = 'any'

// Keywords whose value is one subschema, and those whose value is a list or a map of subschemas.
const ONE = [
  'items',
  'additionalProperties',
  'additionalItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
]
const LIST = ['anyOf', 'oneOf', 'allOf']
const MAP = ['properties', 'patternProperties', 'definitions', 'dependencies']
// Values that are data, never subschemas.
const DATA = new Set(['const', 'enum', 'examples', 'default', 'x-known', 'x-pool', 'x-evidence'])

/**
 * A schema as one server version sends it, or as any version may (`any`):
 * - a property whose version range excludes the version is removed (a message that has it then shows drift);
 * - a branch of `anyOf`/`oneOf` whose range excludes it is removed (none left: nothing is valid there);
 * - `required` keeps a versioned property only where the version sends it. For `any`, it keeps one only when
 *   every version in `versions` sends it (pass the known versions that send the message: a field that arrived
 *   with the event itself stays required); with no versions given, it drops every versioned property.
 * The input is never mutated; an unversioned schema comes back equal.
 */
export function projectSchema(schema: Schema, target: VersionTarget, versions: readonly Version[] = []): Schema {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (DATA.has(key) || value === null || typeof value !== 'object') out[key] = value
    else if (MAP.includes(key) && !Array.isArray(value))
      out[key] = projectMap(key, value as Record<string, unknown>, target, versions)
    else if (LIST.includes(key) && Array.isArray(value)) out[key] = projectList(key, value, target, versions)
    else if (ONE.includes(key) && !Array.isArray(value)) out[key] = projectSchema(value as Schema, target, versions)
    else out[key] = value
  }
  if (Array.isArray(schema['required'])) out['required'] = projectRequired(schema, target, versions)
  return out
}

/** Whether a versioned node is sent by the target (`any` sends everything). */
export function sentBy(node: Schema, target: VersionTarget): boolean {
  const text = rangeText(nodeMarks(node))
  return text === undefined || target === 'any' || inRange(parseRange(text), target)
}

function projectMap(
  key: string,
  map: Record<string, unknown>,
  target: VersionTarget,
  versions: readonly Version[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, sub] of Object.entries(map)) {
    if (sub === null || typeof sub !== 'object' || Array.isArray(sub)) out[name] = sub
    else if (key === 'properties' && !sentBy(sub as Schema, target)) continue
    else out[name] = projectSchema(sub as Schema, target, versions)
  }
  return out
}

function projectList(key: string, list: readonly unknown[], target: VersionTarget, versions: readonly Version[]) {
  const kept = list
    .filter((b) => key === 'allOf' || b === null || typeof b !== 'object' || sentBy(b as Schema, target))
    .map((b) => (b !== null && typeof b === 'object' ? projectSchema(b as Schema, target, versions) : b))
  // A choice with no branch left for this version: no value is valid (`false` is the schema nothing matches).
  return kept.length === 0 ? [false] : kept
}

function projectRequired(schema: Schema, target: VersionTarget, versions: readonly Version[]): string[] {
  const props = (schema['properties'] ?? {}) as Record<string, unknown>
  return (schema['required'] as unknown[]).map(String).filter((name) => {
    const prop = props[name]
    if (!isVersioned(prop)) return true
    if (target !== 'any') return sentBy(prop as Schema, target)
    return versions.length > 0 && versions.every((v) => sentBy(prop as Schema, v))
  })
}
