import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { catalogFromTexts, isCatalogFile } from '../../catalog/load.js'
import { UsageError } from '../../errors.js'
import { snapshotOf, type CatalogSnapshot } from '../snapshot.js'
import { parseSnapshot } from '../snapshot-json.js'
import { isFile, isFolder, modelOf, modelOfFolder } from './catalog.js'
import { commitOf, filesAt, repoOf } from './git.js'
import { installedSnapshot, packedSnapshot, parsePackageSpec, snapshotInTarball, SNAPSHOT_FILE } from './npm.js'

/** The other side of a comparison: its snapshot, how to name it, and notes for the reader. */
export interface Side {
  readonly snapshot: CatalogSnapshot
  readonly label: string
  readonly notes: readonly string[]
}

/** Where to look for the other side. */
export interface AgainstOptions {
  /** The catalog folder being compared; git revisions are read from its repository, at its path. */
  readonly catalog: string
  /** npm registry for package versions. @default npm's configured registry */
  readonly registry?: string
  /** Where to look for installed packages. @default process.cwd() */
  readonly cwd?: string
}

/**
 * Reads the other side of a comparison. REF is a package version (`@evcat/events@0.1.0`: installed, or fetched
 * with npm pack), a folder (a catalog, or an unpacked package), a package tarball, or a git revision of the
 * catalog folder's repository (read from git's objects; the work tree is never touched).
 */
export async function readAgainst(ref: string, options: AgainstOptions): Promise<Side> {
  const spec = parsePackageSpec(ref)
  if (spec !== undefined && !(await isFolder(ref))) {
    const found =
      (await installedSnapshot(spec, options.cwd ?? process.cwd())) ?? (await packedSnapshot(spec, options.registry))
    return { snapshot: parseSnapshot(found.text, found.from), label: found.from, notes: [] }
  }
  if (await isFolder(ref)) return readFolder(ref)
  if (/\.(tgz|tar\.gz)$/.test(ref) && (await isFile(ref))) {
    const text = snapshotInTarball(await readFile(ref), ref)
    return { snapshot: parseSnapshot(text, ref), label: ref, notes: [] }
  }
  return readRevision(ref, options.catalog)
}

async function readFolder(dir: string): Promise<Side> {
  if (await isFile(join(dir, 'catalog.yaml'))) {
    const { model, waived } = await modelOfFolder(dir, { side: `in ${dir}`, lenient: true })
    return { snapshot: snapshotOf(model), label: dir, notes: waivedNote(dir, waived.length) }
  }
  if (await isFile(join(dir, SNAPSHOT_FILE))) {
    const from = join(dir, SNAPSHOT_FILE)
    return { snapshot: parseSnapshot(await readFile(from, 'utf8'), from), label: dir, notes: [] }
  }
  throw new UsageError(
    `--against ${dir}: the folder holds neither a catalog (catalog.yaml) nor a package (${SNAPSHOT_FILE}); pass a catalog folder, a git revision or a package version`,
  )
}

async function readRevision(ref: string, catalog: string): Promise<Side> {
  const looksLikePath = /^(\.{1,2}\/|\/|~)|\/$/.test(ref)
  const repo = looksLikePath ? undefined : await repoOf(catalog)
  if (repo === undefined) {
    const why = looksLikePath ? 'no such folder' : `no such folder, and ${catalog} is not in a git repository`
    throw new UsageError(
      `--against ${ref}: ${why}; pass a catalog folder, a git revision (main, v0.1.0, HEAD~3) or a package version (@evcat/events@0.1.0)`,
    )
  }
  const commit = await commitOf(repo, ref)
  if (commit === undefined) {
    throw new UsageError(
      `--against ${ref}: not a revision of the git repository ${repo.top} (and no such folder); "git tag" and "git branch -a" list what there is, "git fetch --tags" fetches release tags`,
    )
  }
  const side = `at ${ref} (${repo.prefix || './'} of git commit ${commit.slice(0, 9)})`
  const texts = await filesAt(repo, commit, isCatalogFile)
  if (texts['catalog.yaml'] === undefined) {
    throw new UsageError(
      `--against ${ref}: git commit ${commit.slice(0, 9)} has no ${repo.prefix}catalog.yaml; pick a revision that has the catalog`,
    )
  }
  const { model, waived } = await modelOf(catalogFromTexts(`${ref}:${repo.prefix}`, texts), { side, lenient: true })
  return {
    snapshot: snapshotOf(model),
    label: `${ref} (git ${commit.slice(0, 9)})`,
    notes: waivedNote(ref, waived.length),
  }
}

function waivedNote(what: string, count: number): string[] {
  return count === 0
    ? []
    : [
        `${what} has ${count} provenance (evidence) problem(s) under today's lint rules; compared anyway, since they do not change what its schemas accept`,
      ]
}

/** Reads the catalog being compared (the new side), under every lint rule. */
export async function readCurrent(catalog: string): Promise<Side> {
  if (!(await isFolder(catalog))) {
    throw new UsageError(
      `catalog folder "${catalog}" does not exist; pass --catalog DIR or run from the evcat repository root`,
    )
  }
  const { model } = await modelOfFolder(catalog, { side: `in ${catalog}` })
  return { snapshot: snapshotOf(model), label: catalog, notes: [] }
}
