import { definitionName } from './refs.js'
import type { Definitions, JsonSchema } from './types.js'

/** A schema with its `$ref` chain followed, and how the chain ended. */
export interface Resolved {
  /** The target with the referring nodes' sibling keywords on top (a sibling wins over the definition). */
  readonly node: JsonSchema
  /** The last definition followed; undefined when the node had no `$ref`. */
  readonly name?: string
  /** The definitions followed so far, outermost first (`seen` given, then this chain). */
  readonly chain: readonly string[]
  /** `unresolved`: a ref that names no definition (`node` keeps the siblings); `cycle`: a definition met twice. */
  readonly stop?: { readonly kind: 'unresolved' | 'cycle'; readonly ref: string }
}

/**
 * The one `$ref` resolver: follows `#/definitions/X` refs into `definitions`, keeping each referring node's
 * sibling keywords (annotations, x-since) on top. `seen` carries the definitions already entered by the caller
 * (a walker going down through properties), so a recursive definition stops instead of looping.
 */
export function resolveRef(schema: JsonSchema, definitions: Definitions, seen: readonly string[] = []): Resolved {
  let node = schema
  let name: string | undefined
  let chain = seen
  while (typeof node['$ref'] === 'string') {
    const ref = node['$ref']
    const { $ref: _ref, ...siblings } = node
    const next = definitionName(ref)
    const target = next !== undefined && Object.hasOwn(definitions, next) ? definitions[next] : undefined
    if (next === undefined || target === undefined) return { node: siblings, chain, stop: { kind: 'unresolved', ref } }
    name = next
    node = { ...target, ...siblings }
    if (chain.includes(next)) return { node, name, chain, stop: { kind: 'cycle', ref } }
    chain = [...chain, next]
  }
  return { node, ...(name === undefined ? {} : { name }), chain }
}
