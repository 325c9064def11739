// The module hooks of record-imports.mjs: every load is written down, then left to the next hook.
import { appendFileSync } from 'node:fs'

/** Writes the module's URL to EVCAT_RECORD_IMPORTS, then loads it as the other hooks would. */
export async function load(url, context, nextLoad) {
  const file = process.env.EVCAT_RECORD_IMPORTS
  if (file !== undefined) appendFileSync(file, url + '\n')
  return nextLoad(url, context)
}
