import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../errors.js'
import { MANIFEST } from '../emit/write.js'

/** What the manifest of a fresh out/ says that a command needs besides its freshness. */
export interface FreshOutput {
  /** The catalog version out/ was generated from, so a report says what it checked against; absent if unnamed. */
  readonly catalogVersion?: string
}

interface Manifest {
  catalog?: { version?: unknown }
  files: { sources: { path: string; sha256: string | null }[] }[]
}

/**
 * Makes sure the generated output was made from this catalog: every catalog file the manifest names must
 * still hash the same. Cheap (reads a few dozen small files) and avoids validating against stale schemas.
 * Reads synchronously: at start-up nothing else waits, and one event-loop turn per file cost more than the reads.
 */
export async function checkFreshness(catalog: string, out: string): Promise<FreshOutput> {
  let manifest: Manifest
  try {
    manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as Manifest
  } catch {
    throw new UsageError(`${out}/${MANIFEST} is missing or unreadable; run "evcat generate"`)
  }
  const sources = new Map<string, string | null>()
  for (const f of manifest.files) for (const s of f.sources) sources.set(s.path, s.sha256)
  for (const [path, sha] of sources) {
    if (hashOf(join(catalog, path.replace(/^catalog\//, ''))) !== sha)
      throw new UsageError(
        `${out} was generated from another version of ${path}; run "evcat generate" (or pass --catalog/--out)`,
      )
  }
  const version = manifest.catalog?.version
  return typeof version === 'string' ? { catalogVersion: version } : {}
}

/** The file's sha256, or null when it cannot be read (the manifest records null for a source that was absent). */
function hashOf(file: string): string | null {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch {
    return null
  }
  return createHash('sha256').update(bytes).digest('hex')
}
