import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { parse } from 'yaml'
import { isCatalogFile } from '../catalog/load.js'
import { cmp } from '../errors.js'
import { packageRoot } from '../package-root.js'
import { listFiles } from './write.js'

// What of evcat decides the bytes of out/: the code from loading the catalog to writing the files, found by
// following the imports of values from these modules (so help text, the validate command, a reporter or a module
// imported only for its types never count); the folders that code reads as data (the runtime is copied into out/,
// the docs templates lay the pages out, the meta-schemas decide what loads); and the lockfile that pins the
// libraries whose output lands in out/ (ajv, json-schema-to-typescript, prettier, typescript). Sources rather than
// dist/, so the hash is the same on every clone.
// The mock feed's modules are roots too: the package generator ships them as source
// (`generators/package/mock.ts`), not only runs them. The capture files the catalog names count too: the fixtures'
// wire-likeness report reads them.
const ROOTS = [
  'generators/index.ts',
  'src/catalog/load.ts',
  'src/catalog/check.ts',
  'src/model/build.ts',
  'src/generate.ts',
  'src/emit/write.ts',
  'src/mock/feed.ts',
  'src/mock/pace.ts',
] as const
const DATA_FOLDERS = ['src/runtime', 'generators/docs/templates', 'catalog/schemas'] as const
const OWN_FILES = ['package-lock.json'] as const

/**
 * One hash of everything that decides what `evcat generate` writes: every catalog file (what `loadCatalog` reads:
 * not the catalog's README nor its acknowledged changes, which no generator reads), and
 * evcat's own code, data and lockfile that generation uses, by relative path and content (line endings
 * normalized, so a CRLF checkout hashes the same). Recorded in the manifest, it lets `generate --check` prove
 * out/ fresh without generating again. `root` is evcat's package folder (tests give a copy).
 */
export async function inputsFingerprint(catalogDir: string, root = packageRoot()): Promise<string> {
  const own = new Set<string>([...OWN_FILES, ...(await generationModules(root))])
  for (const folder of DATA_FOLDERS) for (const f of await listFiles(join(root, folder))) own.add(`${folder}/${f}`)
  for (const f of await captureFiles(catalogDir, root)) own.add(f)
  const files = [
    // The catalog's prose (Markdown) and acknowledged changes are for people and `evcat diff`: no generator reads them.
    ...(await listFiles(catalogDir))
      .filter(isCatalogFile)
      .map((f) => ({ name: `catalog/${f}`, path: join(catalogDir, f) })),
    ...[...own].map((f) => ({ name: `evcat/${f}`, path: join(root, ...f.split('/')) })),
  ]
  // Read in parallel: `generate --check` reads a few hundred small files and should answer at once.
  const hashes = await Promise.all(files.map((f) => hashFile(f.path)))
  const entries = files.map((f, i) => `${f.name}\u0000${hashes[i]}`)
  return createHash('sha256').update(entries.sort(cmp).join('\n')).digest('hex')
}

/**
 * The capture files the catalog's `capture` sources name (relative to evcat's folder) that exist: the fixtures'
 * wire-likeness report reads them, so a new capture makes out/ stale.
 */
async function captureFiles(catalogDir: string, root: string): Promise<string[]> {
  const out: string[] = []
  for (const f of await listFiles(catalogDir)) {
    if (!f.endsWith('/family.yaml')) continue
    let doc: unknown
    try {
      doc = parse(await readFile(join(catalogDir, f), 'utf8'))
    } catch {
      continue
    }
    const sources = (doc as { sources?: Record<string, { kind?: unknown; file?: unknown }> } | null)?.sources ?? {}
    for (const source of Object.values(sources))
      if (
        source?.kind === 'capture' &&
        typeof source.file === 'string' &&
        existsSync(join(root, ...source.file.split('/')))
      )
        out.push(source.file)
  }
  return out
}

/** The TypeScript sources that generation runs: the roots and every relative import they reach, by root-relative path. */
export async function generationModules(root: string): Promise<string[]> {
  const seen = new Set<string>()
  const queue: string[] = [...ROOTS]
  while (queue.length > 0) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const text = await readFile(join(root, ...file.split('/')), 'utf8')
    for (const specifier of relativeImports(text)) {
      // NodeNext spelling: `./x.js` names the source `./x.ts`.
      const target = posix.join(posix.dirname(file), specifier.replace(/\.js$/, '.ts'))
      if (target.endsWith('.ts') && existsSync(join(root, ...target.split('/')))) queue.push(target)
    }
  }
  return [...seen].sort(cmp)
}

// `import … from './x.js'`, `export … from './x.js'`, `import './x.js'` and `import('./x.js')`, but not
// `import type`/`export type` (erased: they run nothing); a match inside a comment only adds a file to the hash.
const FROM = /\b(?:import|export)(\s+type\b)?[^'";]*?\bfrom\s*['"](\.\.?\/[^'"]+)['"]/g
const BARE = /\bimport\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g

function relativeImports(text: string): string[] {
  const values = [...text.matchAll(FROM)].filter((m) => m[1] === undefined).map((m) => m[2]!)
  return [...values, ...[...text.matchAll(BARE)].map((m) => m[1]!)]
}

async function hashFile(path: string): Promise<string> {
  const bytes = await readFile(path)
  // Only text is normalized; a file with a NUL byte is hashed as it is.
  const text = bytes.includes(0) ? bytes : Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')
  return createHash('sha256').update(text).digest('hex')
}
