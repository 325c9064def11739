import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { cmp } from '../errors.js'
import { packageRoot } from '../package-root.js'

// evcat's own inputs to generation: its code (the runtime is copied into out/, the generators write the
// rest) and the lockfile that pins the libraries whose output lands in out/ (ajv, json-schema-to-typescript,
// prettier, ts-morph). Sources rather than dist/, so the hash is the same on every clone; not package.json,
// whose scripts do not touch out/ (its dependencies are pinned by the lockfile).
const OWN_INPUTS = ['src', 'generators', 'package-lock.json'] as const

/**
 * One hash of everything `evcat generate` reads: every file under the catalog folder and evcat's own code and
 * lockfile, by relative path and content (line endings normalized, so a CRLF checkout hashes the same).
 * Recorded in the manifest, it lets `generate --check` prove out/ fresh without generating again.
 */
export async function inputsFingerprint(catalogDir: string): Promise<string> {
  const entries: string[] = []
  for (const file of await listTree(catalogDir)) entries.push(`catalog/${file}\u0000${await hashFile(join(catalogDir, file))}`)
  const root = packageRoot()
  for (const top of OWN_INPUTS) {
    for (const file of await listTree(join(root, top))) {
      const path = file === '' ? top : `${top}/${file}`
      entries.push(`evcat/${path}\u0000${await hashFile(join(root, ...path.split('/')))}`)
    }
  }
  return createHash('sha256').update(entries.sort(cmp).join('\n')).digest('hex')
}

async function hashFile(path: string): Promise<string> {
  const bytes = await readFile(path)
  // Only text is normalized; a file with a NUL byte is hashed as it is.
  const text = bytes.includes(0) ? bytes : Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1')
  return createHash('sha256').update(text).digest('hex')
}

/** Files under a folder as sorted `/`-separated relative paths; [''] for a plain file; [] when absent. */
async function listTree(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const entry of entries) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'))
    }
  }
  try {
    await walk(root)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTDIR') return ['']
    if (code === 'ENOENT') return []
    throw error
  }
  return out.sort(cmp)
}
