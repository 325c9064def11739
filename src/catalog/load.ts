import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { cmp } from '../errors.js'
import type { RawCatalog, RawFile } from './types.js'

/** Reads every `.yaml`/`.yml` file under `dir` (except `schemas/`) and parses it, keeping positions. */
export async function loadCatalog(dir: string): Promise<RawCatalog> {
  const paths = (await listYaml(dir)).sort(cmp)
  const files = await Promise.all(paths.map(async (rel) => parseFile(rel, await readFile(join(dir, rel), 'utf8'))))
  return { dir, files }
}

/** Parses one catalog file's text; YAML errors stay on the document for the checker to report. */
export function parseFile(path: string, text: string): RawFile {
  const lines = new LineCounter()
  // intAsBigInt keeps 19-digit ids exact; toValue() turns the safe ones back into numbers.
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    intAsBigInt: true,
  })
  return { path, text, doc, lines }
}

/** Builds a RawCatalog from in-memory files, sorted by path; used by tests and by `fromFiles` callers. */
export function catalogFromTexts(dir: string, texts: Readonly<Record<string, string>>): RawCatalog {
  const files = Object.keys(texts)
    .sort(cmp)
    .map((path) => parseFile(path, texts[path] ?? ''))
  return { dir, files }
}

/** YAML files in the catalog folder that are not catalog files: `evcat diff` reads the acknowledged changes. */
export const NOT_CATALOG: ReadonlySet<string> = new Set(['accepted-changes.yaml'])

/**
 * Whether a catalog-relative path is a catalog file, one `loadCatalog` reads: YAML outside `schemas/` (the
 * meta-schemas) and not in NOT_CATALOG. Prose beside it (README.md) is none.
 */
export function isCatalogFile(rel: string): boolean {
  return /\.ya?ml$/.test(rel) && !rel.startsWith('schemas/') && !NOT_CATALOG.has(rel)
}

async function listYaml(root: string): Promise<string[]> {
  const out: string[] = []
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const entry of entries) {
      const full = join(dir, entry.name)
      const rel = relative(root, full).split(sep).join('/')
      if (entry.isDirectory()) {
        if (rel !== 'schemas') await walk(full)
      } else if (isCatalogFile(rel)) {
        out.push(rel)
      }
    }
  }
  await walk(root)
  return out
}

/** The plain value of a parsed file: integers are numbers unless they exceed 2^53, which stay bigint. */
export function toValue(file: RawFile): unknown {
  return exactInts(file.doc.toJS({ maxAliasCount: 100 }))
}

function exactInts(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value
  if (Array.isArray(value)) return value.map(exactInts)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    // defineProperty, so a "__proto__" key stays data and never becomes the prototype.
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, k, { value: exactInts(v), enumerable: true, writable: true, configurable: true })
    return out
  }
  return value
}
