// The evidence a proposal writes: capture references as `x-evidence`.
import { isNarrowing } from '../../catalog/check-evidence.js'
import type { JsonSchema } from '../../schema/types.js'
import { walk } from '../../schema/walk.js'
import { Append, SetValue } from './yaml-edit.js'

/** The same schema with `x-evidence` citing the captures on every node that has a narrowing keyword (lint wants it). */
export function withEvidence(schema: JsonSchema, refs: readonly string[]): JsonSchema {
  const copy = JSON.parse(JSON.stringify(schema)) as JsonSchema
  const value = refs.length === 1 ? refs[0] : [...refs]
  walk(copy, '', (node) => {
    if (Object.keys(node).some((k) => isNarrowing(node, k))) (node as Record<string, unknown>)['x-evidence'] = value
  })
  return copy
}

/**
 * The change to a node's `x-evidence` that adds capture references for one of its keywords: set when it has
 * none, appended to its list, or added under the keyword in the map form.
 */
export function evidenceFor(node: JsonSchema | undefined, keyword: string, refs: readonly string[]): unknown {
  const value = refs.length === 1 ? refs[0] : [...refs]
  const have = node?.['x-evidence']
  if (have === undefined) return value
  if (typeof have === 'string') return new SetValue([have, ...refs])
  if (Array.isArray(have)) return new Append(refs)
  const mine = (have as Record<string, unknown>)[keyword]
  if (mine === undefined) return { [keyword]: value }
  return { [keyword]: typeof mine === 'string' ? new SetValue([mine, ...refs]) : new Append(refs) }
}
