import { EVCAT_KEYWORDS } from '../catalog/schema-ajv.js'
import type { JsonSchema } from '../catalog/types.js'
import { mapSchema } from '../model/compose.js'
import { inRange, nodeVersionKeys, rangeOf, type Version } from './versions.js'

/**
 * A schema as validation sees it for one server version (issue #11): a property or anyOf/oneOf branch whose range
 * excludes the version is dropped, and a versioned property in `required` stays required. Without a version (the
 * default check) every versioned property is known and optional, so versioned names leave `required`.
 */
export function projectSchema(schema: JsonSchema, version?: Version): JsonSchema {
  return mapSchema(schema, (node) => {
    const applies = (n: unknown) => {
      const keys = n !== null && typeof n === 'object' ? nodeVersionKeys(n as JsonSchema) : undefined
      return keys === undefined || version === undefined || inRange(rangeOf(keys), version)
    }
    let out: Record<string, unknown> = node
    const props = node['properties'] as Record<string, JsonSchema> | undefined
    if (props !== undefined && version !== undefined) {
      out = { ...out, properties: Object.fromEntries(Object.entries(props).filter(([, p]) => applies(p))) }
    }
    if (Array.isArray(node['required'])) {
      const kept = (out['properties'] ?? {}) as Record<string, JsonSchema>
      const required = (node['required'] as string[]).filter(
        (k) => props === undefined || (k in kept && (version !== undefined || nodeVersionKeys(kept[k]!) === undefined)),
      )
      out = { ...out, required }
      if (required.length === 0) delete out['required']
    }
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      if (version !== undefined && Array.isArray(node[keyword]))
        out = { ...out, [keyword]: (node[keyword] as unknown[]).filter(applies) }
    }
    return out
  })
}

const REGISTERED = new Set<string>(EVCAT_KEYWORDS)

/** Drops `x-` keywords this evcat's ajv does not know (x-versions, x-evidence… before issue #11 registers them). */
export function stripUnknownAnnotations(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) => {
    if (!Object.keys(node).some((k) => k.startsWith('x-') && !REGISTERED.has(k))) return node
    return Object.fromEntries(Object.entries(node).filter(([k]) => !k.startsWith('x-') || REGISTERED.has(k)))
  })
}
