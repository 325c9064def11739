import type { JsonSchema } from '../../src/schema/types.js'
import { commentText } from '../../src/emit/code.js'
import { mapSchema } from '../../src/schema/walk.js'
import { describeRange, nodeMarks, rangeText } from '../../src/schema/version-range.js'

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
    const range = rangeText(nodeMarks(node))
    if (range !== undefined) lines.push(`Sent by server versions: ${describeRange(range)}; other versions omit it.`)
    if (Array.isArray(node['x-known']))
      lines.push(`Known values: ${node['x-known'].map((v) => JSON.stringify(v)).join(', ')} (others are valid).`)
    if (typeof node['x-note'] === 'string') lines.push(node['x-note'])
    if (Array.isArray(node['x-source'])) lines.push(`Source: ${node['x-source'].join(', ')}.`)
    const rest: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(node))
      if (!k.startsWith('x-') && k !== 'description' && k !== 'title') rest[k] = v
    if (node['x-bigint'] === true) {
      delete rest['type']
      rest['tsType'] = 'bigint | number'
      lines.push("Exact integer: a bigint when it exceeds 2^53 (parse with the package's parse()), else a number.")
    } else {
      const hint = knownValuesType(node)
      if (hint !== undefined) rest['tsType'] = hint
    }
    if (lines.length > 0) rest['description'] = commentText(lines.join('\n\n'))
    return rest
  })
  return title === undefined ? out : { title, ...out }
}

/**
 * The known values of an open field as a type hint: `'a' | 'b' | (string & {})` keeps every string valid while
 * editors offer the known ones. Only for a plain string or number field (with null when it may be null), never
 * for one whose values are enforced (`const`, `enum`) or whose shape is a choice.
 */
export function knownValuesType(node: JsonSchema): string | undefined {
  const known = node['x-known']
  if (!Array.isArray(known) || known.length === 0 || 'const' in node || 'enum' in node) return undefined
  if (['anyOf', 'oneOf', 'allOf', '$ref'].some((k) => k in node)) return undefined
  const types = (Array.isArray(node['type']) ? node['type'] : [node['type']]).map(String)
  const nullable = types.includes('null')
  const [base, ...more] = types.filter((t) => t !== 'null')
  if (more.length > 0) return undefined
  const open = base === 'string' ? 'string' : base === 'integer' || base === 'number' ? 'number' : undefined
  if (open === undefined) return undefined
  const values = known.filter((v) => (open === 'string' ? typeof v === 'string' : typeof v === 'number'))
  if (values.length === 0) return undefined
  return [...values.map((v) => JSON.stringify(v)), `(${open} & {})`, ...(nullable ? ['null'] : [])].join(' | ')
}
