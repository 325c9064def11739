import { memoPerObject } from '../../src/memo.js'
import { narrowingKeywords, nodeEvidence, type EvidenceSource } from '../../src/schema/evidence.js'
import { closedNode } from '../../src/schema/rewrite.js'
import type { JsonSchema } from '../../src/schema/types.js'
import { describeRange, nodeMarks, rangeText } from '../../src/schema/version-range.js'

/**
 * Turning catalog schemas into schemas for other tools (JSON Schema files, AsyncAPI payloads).
 *
 * Decisions:
 * - Objects are closed as evcat closes them (`additionalProperties: false` where the catalog says nothing), so a
 *   generic validator's verdict is `evcat validate --strict`'s: a field the catalog does not know fails there,
 *   where evcat calls it drift. `x-evcat-unknown-fields: drift` on the root says so to tools that read it.
 * - evcat's own keywords travel as `x-evcat-<name>` (`x-since` → `x-evcat-since`); `x-evidence` becomes
 *   `x-evcat-evidence` in its map form with parsed references (`{source, where, class}`).
 * - Server versions: the schemas judge what *any* known version sends (as `evcat validate` without `--server`):
 *   a field only some versions send is known and optional there. Its range stays as `x-evcat-since`/`-until`/
 *   `-versions` and its description says it in words (`Sent by server versions since 5.19.`).
 * - Checks only evcat makes: `x-bigint` integers keep `type: integer`, and `x-count-equals` travels as
 *   `x-evcat-count-equals`; both add a sentence to their node's description saying what a generic validator
 *   misses (a rounded number; the count is not compared).
 * - `#/definitions/X` references are rewritten by the caller's `ref` (prefixed names, AsyncAPI components).
 */

/** What exporting needs from the family: its sources (for evidence classes) and how to write a reference. */
export interface ExportContext {
  readonly sources: readonly EvidenceSource[]
  /** The exported reference of the shared fragment `name` (`#/definitions/LxdRequestor`). */
  readonly ref: (name: string) => string
}

/** The sentence every exact-integer field's description ends with. */
export const BIGINT_NOTE =
  'Exact integer (x-evcat-bigint): it may exceed 2^53, so a validator or program that parses JSON into ' +
  'doubles sees a rounded number that still passes as an integer. Parse this field losslessly.'

/** The note on closed objects, for the root of each exported schema. */
export const CLOSED_NOTE =
  'Objects are closed (additionalProperties: false) as evcat closes them: a field the catalog does not know ' +
  'fails here, where evcat validate reports it as drift (not invalid); this verdict is evcat validate --strict.'

/** The note on server versions, for the root of each exported schema of a family that has known versions. */
export const VERSIONS_NOTE =
  'This schema accepts what any known server version sends (evcat validate without --server): a field only some ' +
  'versions send is optional here, and x-evcat-since, x-evcat-until or x-evcat-versions say which versions send it. ' +
  "One version's verdict needs evcat validate --server FAMILY@VERSION."

/** The sentence an `x-count-equals` node's description ends with. */
export function countEqualsNote(count: string, items: string): string {
  return (
    `evcat also checks that ${count} equals the number of items in ${items} (x-evcat-count-equals); ` +
    'a generic validator ignores that keyword and does not compare them.'
  )
}

const MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies'])
const SCHEMA_KEYWORDS = new Set([
  'additionalProperties',
  'items',
  'additionalItems',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'not',
  'allOf',
  'anyOf',
  'oneOf',
])

/** A catalog schema, closed and with evcat's keywords renamed, ready for another tool. Never mutates its input. */
export function exportSchema(schema: JsonSchema, ctx: ExportContext): JsonSchema {
  return exportNode(schema, ctx)
}

/** The exported name of an evcat keyword: `x-since` → `x-evcat-since`. */
export function exportedKeyword(keyword: string): string {
  return keyword.startsWith('x-evcat-') ? keyword : `x-evcat-${keyword.slice(2)}`
}

/** A node's evidence as exported: keyword → `{source, where, class}` for each reference. */
export function exportedEvidence(node: JsonSchema, sources: readonly EvidenceSource[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [keyword, refs] of nodeEvidence(node, sources) ?? [])
    out[keyword] = refs.map((c) => ({
      source: c.source ?? c.text,
      ...(c.where === undefined ? {} : { where: c.where }),
      class: c.class,
    }))
  return out
}

// Closes objects as `closeObjects` does (the keywords this walks are the schema ones, where shapes live) in the same
// walk that exports, on the catalog's own nodes: a node that stays as it was has its evidence read once for every
// generator that shows it (src/schema/evidence.ts remembers it per node), instead of once per fresh copy.
function exportNode(original: JsonSchema, ctx: ExportContext): JsonSchema {
  const node = closedNode(original)
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-evidence') out['x-evcat-evidence'] = exportedEvidence(evidenceNode(original, node), ctx.sources)
    else if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/'))
      out[key] = ctx.ref(decodeURIComponent(value.slice('#/definitions/'.length)))
    else if (MAP_KEYWORDS.has(key) && isObject(value))
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isObject(v) ? exportNode(v, ctx) : v]))
    else if (SCHEMA_KEYWORDS.has(key))
      out[key] = isObject(value)
        ? exportNode(value, ctx)
        : Array.isArray(value)
          ? value.map((v) => (isObject(v) ? exportNode(v, ctx) : v))
          : value
    else if (key.startsWith('x-')) out[exportedKeyword(key)] = value
    else out[key] = value
  }
  const notes = nodeNotes(node)
  if (notes.length > 0) {
    const before = typeof node['description'] === 'string' ? [node['description']] : []
    out['description'] = [...before, ...notes].join(' ')
  }
  return out
}

// The node whose evidence is exported: the catalog's own when closing left it alone, else its closed copy, kept per
// node for as long as what its evidence is read from (x-evidence, its narrowing keywords, x-known) stays the same.
function evidenceNode(original: JsonSchema, closed: JsonSchema): JsonSchema {
  return closed === original ? original : rememberedClosed(original)
}

const rememberedClosed = memoPerObject(closedNode, (node: JsonSchema) => [
  node['x-evidence'],
  narrowingKeywords(node).join(' '),
  node['x-known'] === undefined,
])

// What a generic validator or a reader of the schema alone would miss about this node.
function nodeNotes(node: JsonSchema): string[] {
  const notes: string[] = []
  const range = rangeText(nodeMarks(node))
  if (range !== undefined) notes.push(`Sent by server versions ${describeRange(range)}.`)
  if (node['x-bigint'] === true) notes.push(BIGINT_NOTE)
  const count = node['x-count-equals']
  if (isObject(count)) notes.push(countEqualsNote(String(count['count']), String(count['items'])))
  return notes
}

/**
 * The instance pointers of every node of a message that `holds` picks (`/parameters/applicationInstanceId`,
 * `/items/*` for array items and map values), following `#/definitions/X` references; sorted, no repeats.
 */
export function fieldsWhere(
  schema: JsonSchema,
  definitions: Readonly<Record<string, JsonSchema>>,
  holds: (node: JsonSchema) => boolean,
): string[] {
  const found = new Set<string>()
  const visit = (node: unknown, at: string, stack: readonly string[]): void => {
    if (!isObject(node)) return
    const ref = node['$ref']
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
      const name = decodeURIComponent(ref.slice('#/definitions/'.length))
      if (!stack.includes(name)) visit(definitions[name], at, [...stack, name])
      return
    }
    if (holds(node)) found.add(at === '' ? '/' : at)
    for (const [k, v] of Object.entries(isObject(node['properties']) ? node['properties'] : {}))
      visit(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, stack)
    for (const k of ['items', 'additionalProperties'] as const) visit(node[k], `${at}/*`, stack)
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const)
      if (Array.isArray(node[k])) for (const b of node[k]) visit(b, at, stack)
  }
  visit(schema, '', [])
  return [...found].sort()
}

/** The exact-integer fields of a message (`x-bigint`). */
export function bigintFields(schema: JsonSchema, definitions: Readonly<Record<string, JsonSchema>>): string[] {
  return fieldsWhere(schema, definitions, (n) => n['x-bigint'] === true)
}

/** The objects of a message that carry `x-count-equals` (a check only evcat makes). */
export function countEqualsFields(schema: JsonSchema, definitions: Readonly<Record<string, JsonSchema>>): string[] {
  return fieldsWhere(schema, definitions, (n) => n['x-count-equals'] !== undefined)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
