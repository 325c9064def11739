import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { findDebris } from '../emit/swap.js'
import { UsageError } from '../errors.js'
import { packageRoot } from '../package-root.js'
import type { FamilyTable } from '../runtime/dispatch.js'
import { checkFreshness, type FreshOutput } from './freshness.js'

/** The generated validators of a fresh out/, and what its manifest says about them. */
export interface GeneratedTables extends FreshOutput {
  readonly tables: readonly FamilyTable[]
}

/**
 * Imports the generated validators from `out`, after making sure that they were generated from `catalog`. When
 * either folder is missing, the error says which absolute path was looked at and how to point evcat elsewhere.
 */
export async function loadTables(catalog: string, out: string): Promise<GeneratedTables> {
  const index = resolve(out, 'validators', 'index.js')
  if (!existsSync(index)) throw new UsageError(await noValidators(out, index))
  if (statSync(catalog, { throwIfNoEntry: false })?.isDirectory() !== true)
    throw new UsageError(
      `catalog folder "${catalog}" does not exist (looked for ${resolve(catalog)}); pass --catalog DIR, the catalog ` +
        `that ${out} was generated from${ownFolders()}`,
    )
  const fresh = await checkFreshness(catalog, out)
  const module = (await import(pathToFileURL(index).href)) as { tables: readonly FamilyTable[] }
  return { ...fresh, tables: module.tables }
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
