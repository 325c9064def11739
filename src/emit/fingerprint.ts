import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cmp } from '../errors.js'
import { packageRoot } from '../package-root.js'
import { listFiles } from './write.js'

// evcat's own inputs to generation: its code (the runtime is copied into out/, the generators write the
// rest) and the lockfile that pins the libraries whose output lands in out/ (ajv, json-schema-to-typescript,
// prettier, ts-morph). Sources rather than dist/, so the hash is the same on every clone; not package.json,
// whose scripts do not touch out/ (its dependencies are pinned by the lockfile).
const OWN_FOLDERS = ['src', 'generators'] as const
const OWN_FILES = ['package-lock.json'] as const

/**
 * One hash of everything `evcat generate` reads: every file under the catalog folder and evcat's own code and
 * lockfile, by relative path and content (line endings normalized, so a CRLF checkout hashes the same).
 * Recorded in the manifest, it lets `generate --check` prove out/ fresh without generating again.
 */
export async function inputsFingerprint(catalogDir: string): Promise<string> {
  const root = packageRoot()
  const own: string[] = [...OWN_FILES]
  for (const folder of OWN_FOLDERS) own.push(...(await listFiles(join(root, folder))).map((f) => `${folder}/${f}`))
  const files = [
    ...(await listFiles(catalogDir)).map((f) => ({ name: `catalog/${f}`, path: join(catalogDir, f) })),
    ...own.map((f) => ({ name: `evcat/${f}`, path: join(root, ...f.split('/')) })),
  ]
  // Read in parallel: `generate --check` reads a few hundred small files and should answer at once.
  const hashes = await Promise.all(files.map((f) => hashFile(f.path)))
  const entries = files.map((f, i) => `${f.name}\u0000${hashes[i]}`)
  return createHash('sha256').update(entries.sort(cmp).join('\n')).digest('hex')
}

async function hashFile(path: string): Promise<string> {
  const bytes = await readFile(path)
  // Only text is normalized; a file with a NUL byte is hashed as it is.
  const text = bytes.includes(0) ? bytes : Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')
  return createHash('sha256').update(text).digest('hex')
}
