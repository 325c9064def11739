// allOf of shapes, read as the one shape a message must have: Events Hub's JOB_COMPLETED body is
// `allOf: [JobResponse, {state: completed, progress: 100}]`, which a consumer sees as a JobResponse whose state is
// "completed", not as a new condition beside an object that lost every field.
import { resolveRef } from '../../schema/resolve.js'
import type { Definitions, JsonSchema } from '../../schema/types.js'
import { canonicalJson } from '../snapshot.js'

// A member with one of these keeps its own logic: it stays in allOf and is compared as a condition.
const LOGIC = ['if', 'then', 'else', 'not', 'anyOf', 'oneOf', 'allOf']

/** The node with its allOf members that are plain shapes merged into it; other members stay in allOf. */
export function flattenAllOf(node: JsonSchema, definitions: Definitions): JsonSchema {
  const all = node['allOf']
  if (!Array.isArray(all)) return node
  const members = all.filter((m): m is JsonSchema => m !== null && typeof m === 'object' && !Array.isArray(m))
  const shapes = members.map((m) => resolveRef(m, definitions).node).filter((m) => !LOGIC.some((k) => k in m))
  if (shapes.length === 0) return node
  const { allOf: _all, ...rest } = node
  const kept = members.filter((m) => LOGIC.some((k) => k in resolveRef(m, definitions).node))
  let out: Record<string, unknown> = rest
  const closed = [node, ...shapes].some(isClosed)
  for (const shape of shapes) out = mergeShape(out, shape)
  if (kept.length > 0) out['allOf'] = kept
  // A message must satisfy every member: one closed member closes the whole.
  if (out['properties'] !== undefined)
    out['additionalProperties'] = closed ? false : (out['additionalProperties'] ?? true)
  return out
}

function mergeShape(base: Record<string, unknown>, shape: JsonSchema): Record<string, unknown> {
  const out = { ...base }
  for (const [key, value] of Object.entries(shape)) {
    if (key === 'properties') out[key] = mergeProperties(out[key], value)
    else if (key === 'required') out[key] = [...new Set([...asList(out[key]), ...asList(value)])]
    else if (key === 'additionalProperties') continue
    else if (!(key in out)) out[key] = value
    else if (key === 'const' || key === 'enum' || key === 'type') out[key] = value
  }
  return out
}

// A field both sides describe must satisfy both: the comparison flattens that allOf again when it reaches it.
function mergeProperties(a: unknown, b: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(a as Record<string, unknown> | undefined) }
  for (const [name, schema] of Object.entries((b ?? {}) as Record<string, unknown>)) {
    const mine = out[name]
    out[name] = mine === undefined || canonicalJson(mine) === canonicalJson(schema) ? schema : { allOf: [mine, schema] }
  }
  return out
}

function isClosed(node: JsonSchema): boolean {
  const ap = node['additionalProperties']
  if (ap !== undefined) return ap === false
  const t = node['type']
  return node['properties'] !== undefined && (t === 'object' || (Array.isArray(t) && t.includes('object')))
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}
