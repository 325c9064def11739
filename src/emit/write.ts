import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { cmp } from '../errors.js'
import type { CatalogModel } from '../model/types.js'
import type { GeneratedFile } from './generated-file.js'
import { withHeader } from './header.js'

export { writeOutput, type SwapStep, type WriteOptions } from './swap.js'

/** The manifest's path under the output folder. */
export const MANIFEST = '.evcat-manifest.json'

/** A file as it will be on disk: its final text (with header) and its hash. */
export interface FinalFile {
  readonly path: string
  readonly text: string
  readonly sha256: string
  readonly sources: readonly string[]
}

/** A difference between the output folder and what the catalog generates. */
export interface StaleFile {
  readonly path: string
  readonly reason: 'stale' | 'missing' | 'orphaned'
}

/** Options of `finalize`. */
export interface FinalizeOptions {
  /** The inputs' fingerprint (`inputsFingerprint`), recorded so that `quickCheck` can trust out/ without generating. */
  readonly inputs?: string
}

/** Adds headers, sorts by path and appends the manifest that records every file's sources and hashes. */
export function finalize(
  model: CatalogModel,
  files: readonly GeneratedFile[],
  options: FinalizeOptions = {},
): FinalFile[] {
  const seen = new Set<string>()
  const out: FinalFile[] = []
  for (const file of [...files].sort((a, b) => cmp(a.path, b.path))) out.push(finalFile(file, seen))
  out.push(manifestFile(model, out, options))
  return out
}

/**
 * One file as it will be on disk (header, hash, sorted sources). `seen` holds the paths finalized so far, in
 * one output: a path made twice is a bug in the generators, never a file silently overwritten.
 */
export function finalFile(file: GeneratedFile, seen: Set<string>): FinalFile {
  if (seen.has(file.path)) throw new Error(`two generators wrote ${file.path}`)
  seen.add(file.path)
  const text = withHeader(file)
  return { path: file.path, text, sha256: sha256(text), sources: [...file.sources].sort(cmp) }
}

/** What the manifest keeps of a file: no text, so a streamed output holds only this per file. */
export type ManifestEntry = Pick<FinalFile, 'path' | 'sha256' | 'sources'>

/** The manifest (`.evcat-manifest.json`) over every file of an output, listed by path whatever order they came in. */
export function manifestFile(
  model: CatalogModel,
  files: readonly ManifestEntry[],
  options: FinalizeOptions = {},
): FinalFile {
  const hashes = new Map(model.files.map((f) => [f.path, f.sha256]))
  const manifest = {
    generator: 'evcat',
    catalog: { name: model.name, version: model.version },
    ...(options.inputs === undefined ? {} : { inputs: options.inputs }),
    files: [...files]
      .sort((a, b) => cmp(a.path, b.path))
      .map((f) => ({
        path: f.path,
        sha256: f.sha256,
        sources: f.sources.map((s) => ({ path: `catalog/${s}`, sha256: hashes.get(s) ?? null })),
      })),
  }
  const text = JSON.stringify(manifest, null, 2) + '\n'
  return { path: MANIFEST, text, sha256: sha256(text), sources: [] }
}

/** Compares the output folder with what should be there; writes nothing. */
export async function checkOutput(outDir: string, files: readonly FinalFile[]): Promise<StaleFile[]> {
  const comparer = await outputComparer(outDir)
  for (const file of files) await comparer.compare(file)
  return comparer.done()
}

/** Compares files with the output folder one at a time (`checkOutput`, `checkOutputStream`); writes nothing. */
export interface OutputComparer {
  /** Notes the file as missing or stale when the folder does not hold exactly its text. */
  compare(file: Pick<FinalFile, 'path' | 'text'>): Promise<void>
  /** What differs, by path: the files compared that differ, and those on disk that no file compared was. */
  done(): StaleFile[]
}

/** An `OutputComparer` over what the output folder holds now. */
export async function outputComparer(outDir: string): Promise<OutputComparer> {
  const onDisk = new Set(await listFiles(outDir))
  const stale: StaleFile[] = []
  return {
    async compare(file) {
      if (!onDisk.delete(file.path)) return void stale.push({ path: file.path, reason: 'missing' })
      const text = await readFile(join(outDir, ...file.path.split('/')), 'utf8')
      if (text !== file.text) stale.push({ path: file.path, reason: 'stale' })
    },
    done() {
      for (const path of onDisk) stale.push({ path, reason: 'orphaned' })
      return stale.sort((a, b) => cmp(a.path, b.path))
    },
  }
}

/**
 * The fast freshness proof: out/ is fresh when its manifest records these very inputs and every file on disk
 * is one the manifest lists, with the hash it lists. Returns the number of files, or undefined when that cannot
 * be shown (then only generating again can tell what is stale).
 */
export async function quickCheck(outDir: string, inputs: string): Promise<number | undefined> {
  let manifest: { inputs?: unknown; files?: { path: string; sha256: string }[] }
  try {
    manifest = JSON.parse(await readFile(join(outDir, MANIFEST), 'utf8')) as typeof manifest
  } catch {
    return undefined
  }
  if (manifest.inputs !== inputs || !Array.isArray(manifest.files)) return undefined
  const onDisk = await listFiles(outDir)
  if (onDisk.length !== manifest.files.length + 1) return undefined
  const listed = new Map(manifest.files.map((f) => [f.path, f.sha256]))
  for (const path of onDisk) {
    if (path === MANIFEST) continue
    const want = listed.get(path)
    if (want === undefined || sha256(await readFile(join(outDir, ...path.split('/')), 'utf8')) !== want)
      return undefined
  }
  return onDisk.length
}

/** Every file under a folder as `/`-separated relative paths, in no particular order; [] when the folder is absent. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return []
      throw e
    })
    for (const entry of entries) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else out.push(relative(root, full).split(sep).join('/'))
    }
  }
  await walk(root)
  return out
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
