import { stat } from 'node:fs/promises'
import { EvcatError, CatalogError, formatDiagnostic, type Diagnostic } from '../../errors.js'
import type { RawCatalog } from '../../catalog/types.js'
import type { CatalogModel } from '../../model/types.js'

/**
 * Lint codes about provenance (issue #11's evidence rules). A release made before a rule existed does not
 * follow it; its schemas still mean what they meant, so the old side of a comparison is read despite them.
 */
export const PROVENANCE_CODES: ReadonlySet<string> = new Set([
  'unbacked-constraint',
  'example-only-constraint',
  'orphan-evidence',
])

/** A catalog on one side of a comparison fails lint: the side, and every error. */
export class CatalogSideError extends EvcatError {
  constructor(
    readonly side: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    const first = diagnostics[0]
    super(
      `the catalog ${side} fails lint (${diagnostics.length} error(s)${first === undefined ? '' : `, first: ${formatDiagnostic(first).split('\n')[0]}`})`,
    )
  }
}

/** How a catalog is read for a comparison. */
export interface ReadCatalogOptions {
  /** Names the side in messages: `in catalog/`, `at v0.1.0 (git 1a2b3c4)`. */
  readonly side: string
  /** Let provenance errors through (the old side). @default false */
  readonly lenient?: boolean
}

/** Checks and models a raw catalog; a catalog with errors throws CatalogSideError. Returns the waived diagnostics too. */
export async function modelOf(
  raw: RawCatalog,
  options: ReadCatalogOptions,
): Promise<{ model: CatalogModel; waived: readonly Diagnostic[] }> {
  const [{ checkCatalog }, { buildModel }] = await Promise.all([
    import('../../catalog/check.js'),
    import('../../model/build.js'),
  ])
  const waive = (d: Diagnostic) => options.lenient === true && PROVENANCE_CODES.has(d.code)
  const result = checkCatalog(raw, { waive })
  const errors = result.diagnostics.filter((d) => d.severity === 'error')
  if (result.catalog === undefined)
    throw new CatalogSideError(
      options.side,
      errors.filter((d) => !waive(d)),
    )
  try {
    return { model: buildModel(result.catalog), waived: errors.filter(waive) }
  } catch (error) {
    if (error instanceof CatalogError) throw new CatalogSideError(options.side, error.diagnostics)
    throw error
  }
}

/** Reads, checks and models a catalog folder. */
export async function modelOfFolder(dir: string, options: ReadCatalogOptions) {
  const { loadCatalog } = await import('../../catalog/load.js')
  return modelOf(await loadCatalog(dir), options)
}

/** Whether a path is a folder. */
export async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true
}

/** Whether a path is a file. */
export async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true
}
