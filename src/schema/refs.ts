import { walk } from './walk.js'
import type { Definitions, JsonSchema } from './types.js'

const DEFINITIONS = '#/definitions/'

/** The shared fragment a `#/definitions/X` ref names (`X`); undefined for any other ref. */
export function definitionName(ref: string): string | undefined {
  const name = ref.startsWith(DEFINITIONS) ? ref.slice(DEFINITIONS.length) : ''
  return name === '' || name.includes('/') ? undefined : name
}

/** Every `$ref` string in a schema, with its JSON Pointer relative to the schema root. */
export function collectRefs(schema: unknown, base = ''): { ref: string; pointer: string }[] {
  const out: { ref: string; pointer: string }[] = []
  walk(schema, base, (node, pointer) => {
    const ref = node['$ref']
    if (typeof ref === 'string') out.push({ ref, pointer: `${pointer}/$ref` })
  })
  return out
}

/**
 * The shared fragments a schema reaches through `#/definitions/X` refs, transitively, in the family's order.
 * Compilers given only these (not every fragment of the family) do work in proportion to the event, not the family.
 */
export function reachableDefinitions(schema: unknown, definitions: Definitions): Record<string, JsonSchema> {
  const seen = new Set<string>()
  const queue = [schema]
  while (queue.length > 0) {
    for (const { ref } of collectRefs(queue.pop())) {
      const name = definitionName(ref)
      if (name === undefined || seen.has(name) || !Object.hasOwn(definitions, name)) continue
      seen.add(name)
      queue.push(definitions[name])
    }
  }
  const out: Record<string, JsonSchema> = {}
  for (const [name, fragment] of Object.entries(definitions)) if (seen.has(name)) out[name] = fragment
  return out
}
