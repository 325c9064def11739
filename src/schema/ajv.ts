import { Ajv, _, type KeywordCxt, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { isExactDateTime } from '../runtime/date-time.js'
import { countEqualsKeyword } from '../schema/count-equals.js'

// ajv-formats is CommonJS; its default export arrives as the module object under NodeNext.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/** evcat's own schema keywords: provenance, evidence, version notes and exact big integers. */
export const EVCAT_KEYWORDS = [
  'x-since',
  'x-until',
  'x-versions',
  'x-source',
  'x-known',
  'x-note',
  'x-evidence',
  'x-bigint',
  'x-count-equals',
  'x-shape',
  'x-template',
  'x-pool',
  'x-same-as',
  'x-when',
] as const

// `x-evidence`: one reference, a list, or a map keyword → reference(s) (catalog/README.md, "Evidence").
const EVIDENCE_REFS = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }
const EVIDENCE_META = { anyOf: [...EVIDENCE_REFS.anyOf, { type: 'object', additionalProperties: EVIDENCE_REFS }] }

/** Options shared by every ajv instance evcat creates for payload schemas. */
export interface PayloadAjvOptions {
  /** Emit standalone ESM code (validators generator). @default false */
  readonly standalone?: boolean
}

/**
 * Creates the ajv instance for catalog payload schemas: draft-07, strict, all errors, exact date-time,
 * and evcat's x- keywords (annotations, except `x-bigint`, which checks exact integers).
 */
export function createPayloadAjv(options: PayloadAjvOptions = {}): Ajv {
  const ajv = new Ajv({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    // Standalone code ships, so ajv optimizes it; a run-time instance compiles hundreds of schemas to check a
    // catalog's examples and fixtures, and skipping the optimizer's passes cuts that compile time by about a fifth.
    code: options.standalone ? { source: true, esm: true, lines: false } : { optimize: false },
  })
  addFormats(ajv, { mode: 'full', formats: ['uuid', 'uri', 'hostname', 'ipv4', 'ipv6', 'email'] })
  // A plain function, so standalone code calls `formats["date-time"](s)` from evcat's runtime module.
  ajv.addFormat('date-time', isExactDateTime)
  ajv.addKeyword({ keyword: 'x-since', metaSchema: { type: 'string' } })
  ajv.addKeyword({ keyword: 'x-until', metaSchema: { type: 'string' } })
  ajv.addKeyword({ keyword: 'x-versions', metaSchema: { type: 'string' } })
  ajv.addKeyword(countEqualsKeyword)
  ajv.addKeyword({ keyword: 'x-evidence', metaSchema: EVIDENCE_META })
  ajv.addKeyword({ keyword: 'x-source', metaSchema: { type: 'array', items: { type: 'string' } } })
  ajv.addKeyword({ keyword: 'x-known', metaSchema: { type: 'array' } })
  ajv.addKeyword({ keyword: 'x-note', metaSchema: { type: 'string' } })
  // Value shapes (catalog/README.md, "Value shapes"): hints for fixtures and docs; a template is enforced only by
  // the `pattern` derived from it.
  ajv.addKeyword({ keyword: 'x-shape', metaSchema: { type: 'string' } })
  ajv.addKeyword({
    keyword: 'x-template',
    metaSchema: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  })
  ajv.addKeyword({ keyword: 'x-pool', metaSchema: { type: 'array', items: { type: 'object' } } })
  ajv.addKeyword({ keyword: 'x-when', metaSchema: { type: 'object' } })
  ajv.addKeyword({
    keyword: 'x-same-as',
    metaSchema: {
      type: 'object',
      required: ['event'],
      properties: { event: { type: 'string' }, at: { type: 'string' } },
    },
  })
  ajv.addKeyword({
    keyword: 'x-bigint',
    schemaType: 'boolean',
    // Exact integers: a bigint from evcat's lossless parse, or a number that is still exact.
    code(cxt: KeywordCxt) {
      if (cxt.schema !== true) return
      const d = cxt.data
      cxt.fail(_`!(typeof ${d} == "bigint" || (typeof ${d} == "number" && Number.isSafeInteger(${d})))`)
    },
    error: { message: 'must be an exact integer' },
  })
  return ajv
}

// Distinct schemas compiled by `compileShared`; past this many the cache starts over, so memory stays bounded.
const SHARED_LIMIT = 4096
let shared: { ajv: Ajv; compiled: Map<string, ValidateFunction> } | undefined

/**
 * Compiles a self-contained schema (no `$id`) with one process-wide payload ajv, once per distinct schema.
 * `evcat lint` and the fixtures generator both compile every event's closed message schema; ajv compiling is
 * most of their time, and the same schema text always compiles to the same validator.
 */
export function compileShared(schema: object): ValidateFunction {
  shared ??= { ajv: createPayloadAjv(), compiled: new Map() }
  const key = JSON.stringify(schema)
  let validate = shared.compiled.get(key)
  if (validate === undefined) {
    if (shared.compiled.size >= SHARED_LIMIT) shared = { ajv: createPayloadAjv(), compiled: new Map() }
    validate = shared.ajv.compile(schema)
    shared.compiled.set(key, validate)
  }
  return validate
}

/**
 * Drops the validators `compileShared` keeps, so that a long run (`evcat generate`, after its fixtures are made)
 * does not carry every compiled event to its end; the next `compileShared` starts a new cache.
 */
export function releaseShared(): void {
  shared = undefined
}
