import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UsageError } from '../errors.js'
import { MANIFEST } from '../emit/write.js'

/**
 * Makes sure the generated output was made from this catalog: every catalog file the manifest names must
 * still hash the same. Cheap (reads a few dozen small files) and avoids validating against stale schemas.
 */
export async function checkFreshness(catalog: string, out: string): Promise<void> {
  let manifest: { files: { sources: { path: string; sha256: string | null }[] }[] }
  try {
    manifest = JSON.parse(await readFile(join(out, MANIFEST), 'utf8')) as typeof manifest
  } catch {
    throw new UsageError(`${out}/${MANIFEST} is missing or unreadable; run "evcat generate"`)
  }
  const sources = new Map<string, string | null>()
  for (const f of manifest.files) for (const s of f.sources) sources.set(s.path, s.sha256)
  // Read in parallel: one await per file would cost an event-loop turn each, on every `evcat validate` start.
  const entries = [...sources]
  const texts = await Promise.all(
    entries.map(([path]) => readFile(join(catalog, path.replace(/^catalog\//, ''))).catch(() => undefined)),
  )
  entries.forEach(([path, sha], i) => {
    const text = texts[i]
    const now = text === undefined ? null : createHash('sha256').update(text).digest('hex')
    if (now !== sha)
      throw new UsageError(
        `${out} was generated from another version of ${path}; run "evcat generate" (or pass --catalog/--out)`,
      )
  })
}
