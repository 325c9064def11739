import { stat } from 'node:fs/promises'
import { checkCatalog } from '../catalog/check.js'
import { loadCatalog } from '../catalog/load.js'
import { CatalogError, UsageError, type Diagnostic } from '../errors.js'
import { buildModel } from '../model/build.js'
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
    throw new UsageError(`catalog folder "${dir}" does not exist; pass --catalog DIR or run from the evcat repository root`)
  }
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
