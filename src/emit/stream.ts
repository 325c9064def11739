import type { CatalogModel } from '../model/types.js'
import type { GeneratedFile } from './generated-file.js'
import { swapIn, type WriteOptions } from './swap.js'
import {
  finalFile,
  manifestFile,
  outputComparer,
  type FinalizeOptions,
  type ManifestEntry,
  type StaleFile,
} from './write.js'

/** Generated files as they are made: an array, or a stream whose files exist one at a time. */
export type FileSource = Iterable<GeneratedFile> | AsyncIterable<GeneratedFile>

/**
 * `finalize` and `writeOutput` in one pass, for outputs too large to hold: each file gets its header and hash and
 * is written into the staging folder as soon as the source yields it, and only its path, hash and sources are kept
 * for the manifest. The bytes on disk are `finalize`'s, and the swap is `writeOutput`'s: the output folder changes
 * only once every file and the manifest are staged, and a failure (a generator's throw, a path made twice, a full
 * disk, an abort) removes the staging folder and leaves the output folder as it was. Returns the number of files,
 * the manifest included.
 */
export async function writeOutputStream(
  outDir: string,
  model: CatalogModel,
  files: FileSource,
  options: WriteOptions & FinalizeOptions = {},
): Promise<number> {
  let count = 0
  await swapIn(
    outDir,
    async (stage) => {
      const seen = new Set<string>()
      const entries: ManifestEntry[] = []
      for await (const file of files) {
        const final = finalFile(file, seen)
        await stage(final)
        entries.push({ path: final.path, sha256: final.sha256, sources: final.sources })
      }
      await stage(manifestFile(model, entries, options))
      count = entries.length + 1
    },
    options,
  )
  return count
}

/**
 * `finalize` and `checkOutput` in one pass: compares each file with the output folder as the source yields it,
 * holding one file's text at a time; writes nothing. Returns the same differences as `checkOutput`, and the number
 * of files (the manifest included).
 */
export async function checkOutputStream(
  outDir: string,
  model: CatalogModel,
  files: FileSource,
  options: FinalizeOptions = {},
): Promise<{ stale: StaleFile[]; files: number }> {
  const comparer = await outputComparer(outDir)
  const seen = new Set<string>()
  const entries: ManifestEntry[] = []
  for await (const file of files) {
    const final = finalFile(file, seen)
    await comparer.compare(final)
    entries.push({ path: final.path, sha256: final.sha256, sources: final.sources })
  }
  await comparer.compare(manifestFile(model, entries, options))
  return { stale: comparer.done(), files: entries.length + 1 }
}
