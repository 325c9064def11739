import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { UsageError } from '../errors.js'
import type { FamilyTable } from '../runtime/dispatch.js'
import { checkFreshness } from './freshness.js'

/** Imports the generated validators of `out`, after checking they were generated from `catalog`. */
export async function loadValidatorTables(catalog: string, out: string): Promise<readonly FamilyTable[]> {
  const index = resolve(out, 'validators', 'index.js')
  if (!existsSync(index)) throw new UsageError(`no validators in ${out}/validators; run "evcat generate" first`)
  await checkFreshness(catalog, out)
  const module = (await import(pathToFileURL(index).href)) as { tables: readonly FamilyTable[] }
  return module.tables
}
