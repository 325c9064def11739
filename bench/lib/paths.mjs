// Where things are: the repository root, the CLI, the generated validators (out/) and bench data.
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BENCH = join(ROOT, 'bench')
export const DATA = join(BENCH, 'data')
export const CLI = join(ROOT, 'bin', 'evcat.js')

/** A file: URL for a path under the repository root, for dynamic import(). */
export function rootUrl(path) {
  return pathToFileURL(join(ROOT, path)).href
}
