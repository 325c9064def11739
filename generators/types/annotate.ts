import type { JsonSchema } from '../../src/schema/types.js'
import { commentText } from '../../src/emit/code.js'
import { mapSchema } from '../../src/schema/walk.js'

/**
 * Prepares a catalog schema for json-schema-to-typescript: evcat's x- notes become doc-comment lines,
 * `x-bigint` becomes `bigint | number` (what evcat's lossless parse returns), and every description is
 * made comment-safe, because json-schema-to-typescript copies descriptions into block comments verbatim.
 */
export function annotateForTypes(schema: JsonSchema, title?: string): JsonSchema {
  const out = mapSchema(schema, (node) => {
    // Draft-07 ignores $ref's siblings, and json-schema-to-typescript would make a second named copy
    // (`Foo1`) of the referenced type to hold them: the reference alone is the type.
    if (typeof node['$ref'] === 'string') return { $ref: node['$ref'] }
    const lines: string[] = []
    if (typeof node['description'] === 'string') lines.push(node['description'])
    if (node['x-since'] !== undefined) lines.push(`Since ${String(node['x-since'])}; older versions omit it.`)
    if (node['x-until'] !== undefined) lines.push(`Until ${String(node['x-until'])}.`)
    if (Array.isArray(node['x-known']))
      lines.push(`Known values: ${node['x-known'].map((v) => JSON.stringify(v)).join(', ')}.`)
    if (typeof node['x-note'] === 'string') lines.push(node['x-note'])
    if (Array.isArray(node['x-source'])) lines.push(`Source: ${node['x-source'].join(', ')}.`)
    const rest: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(node))
      if (!k.startsWith('x-') && k !== 'description' && k !== 'title') rest[k] = v
    if (node['x-bigint'] === true) {
      delete rest['type']
      rest['tsType'] = 'bigint | number'
      lines.push("Exact integer: a bigint when it exceeds 2^53 (parse with the package's parse()), else a number.")
    }
    if (lines.length > 0) rest['description'] = commentText(lines.join('\n\n'))
    return rest
  })
  return title === undefined ? out : { title, ...out }
}
