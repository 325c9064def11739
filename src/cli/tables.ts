import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { findDebris } from '../emit/swap.js'
import { MANIFEST } from '../emit/write.js'
import { UsageError } from '../errors.js'
import { packageRoot } from '../package-root.js'
import type { FamilyTable } from '../runtime/dispatch.js'
import { checkFreshness } from './freshness.js'

/**
 * Imports the generated validators from `out`, after making sure that they were generated from `catalog`. When
 * either folder is missing, the error says which absolute path was looked at and how to point evcat elsewhere.
 */
export async function loadTables(catalog: string, out: string): Promise<readonly FamilyTable[]> {
  const index = resolve(out, 'validators', 'index.js')
  if (!existsSync(index)) throw new UsageError(await noValidators(out, index))
  if (statSync(catalog, { throwIfNoEntry: false })?.isDirectory() !== true)
    throw new UsageError(
      `catalog folder "${catalog}" does not exist (looked for ${resolve(catalog)}); pass --catalog DIR, the catalog ` +
        `that ${out} was generated from${ownFolders()}`,
    )
  await checkFreshness(catalog, out)
  const module = (await import(pathToFileURL(index).href)) as { tables: readonly FamilyTable[] }
  return module.tables
}

async function noValidators(out: string, index: string): Promise<string> {
  const aside = (await findDebris(out)).find((d) => d.kind === 'old')
  if (aside !== undefined && !existsSync(out))
    return `no validators in ${out}: an interrupted "evcat generate" set it aside as ${aside.path}; run "evcat generate" to put it back`
  return (
    `no validators at ${index} (--out ${out}); run "evcat generate" to make them, or pass --out DIR, the folder ` +
    `"evcat generate" wrote, and --catalog DIR, its catalog${ownFolders()}`
  )
}

/** `; evcat's own are …` when evcat's own out/ and catalog/ exist and are not where the user looked. */
function ownFolders(): string {
  const root = packageRoot()
  const out = join(root, 'out')
  const catalog = join(root, 'catalog')
  if (resolve('.') === root || !existsSync(join(out, 'validators', 'index.js')) || !existsSync(catalog)) return ''
  return ` (evcat's own: --out ${out} --catalog ${catalog})`
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
