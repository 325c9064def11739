import { stat } from 'node:fs/promises'
import { CatalogError, UsageError, type Diagnostic } from '../errors.js'
import type { CatalogModel } from '../model/types.js'

/** What loading a catalog folder gave: the model when it is clean, and every diagnostic. */
export interface Loaded {
  readonly model?: CatalogModel
  readonly diagnostics: readonly Diagnostic[]
}

/** Loads, checks and models the catalog folder a command was pointed at (`--catalog`). */
export async function loadModel(dir: string): Promise<Loaded> {
  const info = await stat(dir).catch(() => undefined)
  if (info === undefined || !info.isDirectory()) {
    throw new UsageError(
      `catalog folder "${dir}" does not exist; pass --catalog DIR or run from the evcat repository root`,
    )
  }
  // Imported here: the yaml parser and ajv are for commands that read the catalog, and `evcat validate` and
  // `--version` must not pay for them at start-up.
  const [{ loadCatalog }, { checkCatalog }, { buildModel }] = await Promise.all([
    import('../catalog/load.js'),
    import('../catalog/check.js'),
    import('../model/build.js'),
  ])
  const result = checkCatalog(await loadCatalog(dir))
  if (result.catalog === undefined) return { diagnostics: result.diagnostics }
  try {
    return { model: buildModel(result.catalog), diagnostics: result.diagnostics }
  } catch (error) {
    if (error instanceof CatalogError) return { diagnostics: [...result.diagnostics, ...error.diagnostics] }
    throw error
  }
}

/** Like loadModel, but a catalog with errors throws a CatalogError (for commands that need a clean model). */
export async function requireModel(dir: string): Promise<CatalogModel> {
  const loaded = await loadModel(dir)
  if (loaded.model === undefined) throw new CatalogError(loaded.diagnostics.filter((d) => d.severity === 'error'))
  return loaded.model
}
