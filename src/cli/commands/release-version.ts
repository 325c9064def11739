import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EvcatError } from '../../errors.js'
import type { CatalogModel } from '../../model/types.js'
import { EXIT, type CliIO } from '../io.js'

/**
 * The release-version part of `generate --check`: prints the problem and returns 1 when the catalog changed in
 * a breaking way since the last release tag without a version bump; 0 otherwise (also when there is no tag).
 * The catalog's snapshot comes from the model when the caller built one, else from out/ (proven fresh).
 */
export async function releaseVersionVerdict(
  catalog: string,
  out: string,
  io: CliIO,
  model?: CatalogModel,
): Promise<number> {
  const [{ checkReleaseVersion }, { snapshotOf }, { parseSnapshot }] = await Promise.all([
    import('../../registry/version-check.js'),
    import('../../registry/snapshot.js'),
    import('../../registry/snapshot-json.js'),
  ])
  let current = model === undefined ? undefined : snapshotOf(model)
  if (current === undefined) {
    const file = join(out, 'package', 'catalog.json')
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text !== undefined) current = parseSnapshot(text, file)
  }
  let verdict: Awaited<ReturnType<typeof checkReleaseVersion>>
  try {
    verdict = await checkReleaseVersion(catalog, current)
  } catch (error) {
    // A last release that cannot be read (its catalog fails today's lint) must not block generation checks.
    if (!(error instanceof EvcatError)) throw error
    io.out(`warning: the release version was not checked: ${error.message}\n`)
    return EXIT.ok
  }
  if (verdict.note !== undefined) io.err(`note: ${verdict.note}\n`)
  if (verdict.problem === undefined) return EXIT.ok
  io.out(`${catalog}/catalog.yaml: ${verdict.problem}\n`)
  return EXIT.problems
}
