import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { catalogFromTexts } from '../src/catalog/load.js'
import type { RawCatalog } from '../src/catalog/types.js'

/** Reads every YAML file of a catalog folder into a path → text map (catalog-relative POSIX paths). */
export function readCatalogTexts(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name)
      const rel = relative(dir, full).split(sep).join('/')
      if (statSync(full).isDirectory()) {
        if (rel !== 'schemas') walk(full)
      } else if (/\.ya?ml$/.test(name)) out[rel] = readFileSync(full, 'utf8')
    }
  }
  walk(dir)
  return out
}

/** The mini test catalog, with some files replaced (`undefined` deletes a file). */
export function miniCatalog(patch: Record<string, string | undefined> = {}): RawCatalog {
  const texts: Record<string, string> = { ...readCatalogTexts('test/fixtures/mini') }
  for (const [path, text] of Object.entries(patch)) {
    if (text === undefined) delete texts[path]
    else texts[path] = text
  }
  return catalogFromTexts('mini', texts)
}

/** The text of a mini catalog file with one substring replaced (fails loudly if it is not there). */
export function miniWith(path: string, from: string, to: string): Record<string, string> {
  const text = readCatalogTexts('test/fixtures/mini')[path]!
  if (!text.includes(from)) throw new Error(`fixture ${path} has no ${JSON.stringify(from)}`)
  return { [path]: text.replace(from, to) }
}
