import type { Diagnostic } from '../errors.js'
import { locate } from './locate.js'
import {
  enforces,
  evidenceClass,
  evidenceEntries,
  isNarrowing,
  type EvidenceClass,
  type EvidenceRef,
} from '../schema/evidence.js'
import type { JsonSchema } from '../schema/types.js'
import type { FamilyDef, RawCatalog, RawFile } from './types.js'

// Keywords whose subschemas belong to the keyword's own constraint: their evidence covers what is inside.
const COMBINATORS = [
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'dependencies',
]
// Keywords whose subschemas are further fields or items: each needs its own evidence.
const NESTED_MAPS = ['properties', 'patternProperties', 'definitions']
const NESTED_ONE = ['items', 'additionalItems', 'additionalProperties']

/** One reference of an `x-evidence` value and its JSON Pointer in the file. */
interface Reference extends EvidenceRef {
  readonly pointer: string
}

/** Where one schema of a family sits: its file and its JSON Pointer there. */
export interface SchemaRoot {
  readonly file: RawFile
  readonly schema: unknown
  readonly pointer: string
}

/**
 * Checks that every narrowing keyword of a family's schemas (envelope, definitions, group envelopes and bases,
 * event payloads and bases) carries evidence that enforces it: code, a capture or a page statement.
 */
export function checkEvidence(family: FamilyDef, raw: RawCatalog): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const root of schemaRoots(family, raw)) visit(family, root.file, root.schema, root.pointer, false, out)
  return out
}

/** Every schema of a family with its file and pointer: envelope, definitions, group envelopes and bases, event payloads and bases. */
export function schemaRoots(family: FamilyDef, raw: RawCatalog): SchemaRoot[] {
  const fileOf = (path: string): RawFile => raw.files.find((f) => f.path === path)!
  const familyFile = fileOf(family.location.file)
  const roots: SchemaRoot[] = [{ file: familyFile, schema: family.envelope, pointer: '/envelope' }]
  for (const [name, schema] of Object.entries(family.definitions))
    roots.push({ file: familyFile, schema, pointer: `/definitions/${name}` })
  for (const group of family.groups.values()) {
    roots.push({ file: familyFile, schema: group.envelope, pointer: `/groups/${group.id}/envelope` })
    roots.push({ file: familyFile, schema: group.base, pointer: `/groups/${group.id}/base` })
  }
  for (const event of family.events) {
    const file = fileOf(event.location.file)
    roots.push({ file, schema: event.payload, pointer: `${event.location.pointer}/payload` })
    roots.push({ file, schema: event.base, pointer: `${event.location.pointer}/base` })
  }
  return roots
}

// `covered`: the node sits inside a combinator whose own evidence backs (or is reported for) everything in it.
function visit(
  family: FamilyDef,
  file: RawFile,
  schema: unknown,
  pointer: string,
  covered: boolean,
  out: Diagnostic[],
) {
  if (!isObject(schema)) return
  const node = schema as JsonSchema
  const evidence = readEvidence(node['x-evidence'], `${pointer}/x-evidence`)
  out.push(...referenceProblems(family, file, evidence.all))
  for (const [key, refs] of evidence.byKey) {
    out.push(...referenceProblems(family, file, refs))
    if (node[key] === undefined) out.push(orphan(file, pointer, key))
  }
  for (const key of Object.keys(node)) {
    if (!isNarrowing(node, key)) continue
    const refs = evidence.byKey.get(key) ?? evidence.single
    if (refs === undefined && covered) continue
    const problem = backing(family, file, pointer, key, refs ?? [])
    if (problem !== undefined) out.push(problem)
  }
  for (const [key, value] of Object.entries(node)) {
    const at = `${pointer}/${escape(key)}`
    if (COMBINATORS.includes(key)) visitChildren(family, file, value, at, true, out)
    else if (NESTED_MAPS.includes(key) && isObject(value))
      for (const [name, child] of Object.entries(value))
        visit(family, file, child, `${at}/${escape(name)}`, covered, out)
    else if (NESTED_ONE.includes(key)) visitChildren(family, file, value, at, covered, out)
  }
}

function visitChildren(
  family: FamilyDef,
  file: RawFile,
  value: unknown,
  at: string,
  covered: boolean,
  out: Diagnostic[],
) {
  if (Array.isArray(value)) value.forEach((item, i) => visit(family, file, item, `${at}/${i}`, covered, out))
  else if (isObject(value) && at.endsWith('/dependencies'))
    for (const [name, child] of Object.entries(value)) visit(family, file, child, `${at}/${escape(name)}`, covered, out)
  else visit(family, file, value, at, covered, out)
}

/** The references of an `x-evidence` value: form 1 (one or a list, for every keyword) or form 2 (per keyword). */
function readEvidence(value: unknown, pointer: string) {
  const all: Reference[] = []
  const byKey = new Map<string, Reference[]>()
  let single: Reference[] | undefined = typeof value === 'string' || Array.isArray(value) ? [] : undefined
  for (const entry of evidenceEntries(value)) {
    const ref: Reference = { ...entry.ref, pointer: [pointer, ...entry.at.map(escape)].join('/') }
    if (entry.keyword === undefined) single?.push(ref)
    else byKey.set(entry.keyword, [...(byKey.get(entry.keyword) ?? []), ref])
  }
  if (single !== undefined) all.push(...single)
  // A map entry with no reference (an empty list) still names its keyword: orphan-evidence checks it.
  if (isObject(value)) for (const key of Object.keys(value)) if (!byKey.has(key)) byKey.set(key, [])
  return { all, byKey, single }
}

/** Problems of a value of evidence references (one or a list) at a pointer: each must cite a source of the family. */
export function sourceReferenceProblems(
  family: FamilyDef,
  file: RawFile,
  value: unknown,
  pointer: string,
): Diagnostic[] {
  return referenceProblems(family, file, readEvidence(value, pointer).all)
}

function referenceProblems(family: FamilyDef, file: RawFile, refs: readonly Reference[]): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const ref of refs) {
    const source = ref.source === undefined ? undefined : family.sources.get(ref.source)
    if (source === undefined) {
      out.push({
        code: 'unknown-source',
        severity: 'error',
        message:
          ref.source === undefined
            ? `evidence "${ref.text}" does not start with a source id`
            : `evidence cites source "${ref.source}", which is not declared in ${family.id}/family.yaml`,
        location: locate(file, ref.pointer),
        hint: `write "[example ]<source-id>[ <where>]" with a source of ${family.id}/family.yaml: ${[...family.sources.keys()].join(', ')}`,
      })
    } else if (ref.example && source.kind !== 'seed' && source.kind !== 'docs') {
      out.push({
        code: 'unknown-source',
        severity: 'error',
        message: `evidence "example ${source.id}" marks an example, but ${source.id} is not a page (its kind is ${source.kind})`,
        location: locate(file, ref.pointer),
        hint: 'the example prefix is only for a page (kind seed or docs); drop it for code, captures and notes',
      })
    }
  }
  return out
}

// The diagnostic for one narrowing keyword, or undefined when some reference enforces it.
function backing(family: FamilyDef, file: RawFile, pointer: string, key: string, refs: readonly Reference[]) {
  const classes: EvidenceClass[] = []
  for (const ref of refs) {
    const source = ref.source === undefined ? undefined : family.sources.get(ref.source)
    // An unresolved reference is reported as unknown-source; the keyword's backing is judged once it is fixed.
    if (source === undefined) return undefined
    classes.push(evidenceClass(source.kind, ref.example))
  }
  if (classes.some(enforces)) return undefined
  const location = locate(file, pointer, key)
  if (classes.includes('example')) {
    return {
      code: 'example-only-constraint',
      severity: 'error',
      message: `"${key}" is backed only by a page example (${ids(refs)})`,
      location,
      hint: 'a page example is documentation, not a rule: list the value in x-known (a hint), or cite code, a capture or a statement of the page',
    } satisfies Diagnostic
  }
  return {
    code: 'unbacked-constraint',
    severity: 'error',
    message:
      refs.length === 0 ? `"${key}" has no evidence` : `"${key}" is backed only by reference notes (${ids(refs)})`,
    location,
    hint:
      refs.length === 0
        ? `add x-evidence: "<source-id> <where>" beside it, citing code (an upstream source of ${family.id}/family.yaml at a tag or commit), a capture or a page statement; or remove the constraint`
        : 'a reference note is not evidence: cite the upstream code (a kind: upstream source at a tag or commit) or the capture it was read from',
  } satisfies Diagnostic
}

function orphan(file: RawFile, pointer: string, key: string): Diagnostic {
  return {
    code: 'orphan-evidence',
    severity: 'error',
    message: `x-evidence names "${key}", which this schema node does not have`,
    location: locate(file, `${pointer}/x-evidence`, key),
    hint: 'remove it from x-evidence, or move the evidence to the node that has the keyword',
  }
}

function ids(refs: readonly Reference[]): string {
  return [...new Set(refs.map((r) => r.source))].join(', ')
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}
