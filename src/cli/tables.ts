import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { MANIFEST } from '../emit/write.js'
import { UsageError } from '../errors.js'
import type { FamilyTable } from '../runtime/dispatch.js'
import { checkFreshness } from './freshness.js'

// The generated validators as the commands that judge records (validate, tap) load them from out/.

/** Imports the generated validators of `out`, after checking they were generated from `catalog`. */
export async function loadTables(catalog: string, out: string): Promise<readonly FamilyTable[]> {
  const index = resolve(out, 'validators', 'index.js')
  if (!existsSync(index)) throw new UsageError(`no validators in ${out}/validators; run "evcat generate" first`)
  await checkFreshness(catalog, out)
  const module = (await import(pathToFileURL(index).href)) as { tables: readonly FamilyTable[] }
  return module.tables
}

/** The catalog version out/ was generated from (its manifest), so a report says what it checked against. */
export async function generatedCatalogVersion(out: string): Promise<{ catalogVersion?: string }> {
  try {
    const manifest = JSON.parse(await readFile(join(out, MANIFEST), 'utf8')) as { catalog?: { version?: unknown } }
    const version = manifest.catalog?.version
    return typeof version === 'string' ? { catalogVersion: version } : {}
  } catch {
    return {} // no manifest: out/ was not written by evcat generate; the report just does not name a version
  }
}
