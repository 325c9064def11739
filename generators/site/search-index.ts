import type { CatalogModel } from '../../src/model/types.js'
import { flattenFields } from '../../src/model/fields.js'
import { eventPath } from './links.js'

/** One searchable event: name, family title, summary, its field names (space-separated) and its page. */
export type SearchEntry = readonly [name: string, family: string, summary: string, fields: string, href: string]

/** Every event of the catalog as a search entry, in the model's order. */
export function searchEntries(model: CatalogModel): SearchEntry[] {
  return model.families.flatMap((f) =>
    f.events.map((e): SearchEntry => {
      const names = new Set<string>()
      for (const row of flattenFields(e.schema, f.definitions)) if (row.key !== undefined) names.add(row.key)
      return [e.name, f.title, e.summary, [...names].join(' '), eventPath(f, e)]
    }),
  )
}

/**
 * The index as a script that sets one global: a page opened from file:// may not fetch() a JSON file, but it may
 * load a script. JSON is valid JavaScript, and JSON.stringify escapes every quote, so no catalog text can end
 * the literal; the file is loaded by `src`, never inlined into HTML, so `</script>` in a summary is harmless.
 */
export function searchIndexScript(entries: readonly SearchEntry[]): string {
  // \uXXXX escapes keep the file ASCII (one-byte in memory, and independent of the page's encoding).
  const json = JSON.stringify(entries).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  return Buffer.from(`window.EVCAT_SEARCH_INDEX = ${json};\n`, 'latin1').toString('latin1')
}
