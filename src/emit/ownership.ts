import { lstat, readdir, readFile, realpath } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { UsageError } from '../errors.js'
import { listFiles, MANIFEST } from './write.js'

/** `evcat generate` will not replace the output folder; the message says why in one line. */
export class OutputRefused extends UsageError {}

/** What `assertReplaceable` protects besides evcat's own files. */
export interface OwnershipOptions {
  /** Replace a folder (or file) that evcat did not write. Never overrides the working-directory and catalog rules. */
  readonly force?: boolean
  /** The working directory, which the output folder may neither be nor contain. @default process.cwd() */
  readonly cwd?: string
  /** Folders the output folder may neither be nor contain (the catalog, evcat's own package). */
  readonly protect?: readonly string[]
}

/**
 * Throws an OutputRefused unless `outDir` may be replaced by a generated tree: it is missing, an empty folder,
 * or a folder that evcat wrote (its manifest lists every file in it). `force` allows anything else, except
 * the working directory, a folder that contains it, or one that contains a protected folder.
 */
export async function assertReplaceable(outDir: string, options: OwnershipOptions = {}): Promise<void> {
  const target = await canonical(outDir)
  const cwd = await canonical(options.cwd ?? process.cwd())
  if (target === cwd) throw refused(outDir, 'it is the working directory')
  if (isInside(cwd, target)) throw refused(outDir, 'it contains the working directory')
  for (const folder of options.protect ?? []) {
    const p = await canonical(folder)
    if (p === target || isInside(p, target)) throw refused(outDir, `it contains ${folder}`)
  }
  const info = await lstat(outDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined
    throw e
  })
  if (info === undefined || options.force === true) return
  if (info.isSymbolicLink()) throw refused(outDir, 'it is a symbolic link', true)
  if (!info.isDirectory()) throw refused(outDir, 'it is a file, not a folder', true)
  if ((await readdir(outDir)).length === 0) return
  const listed = await manifestFiles(outDir)
  if (listed === undefined) throw refused(outDir, `it is not empty and has no evcat manifest (${MANIFEST})`, true)
  const foreign = (await listFiles(outDir)).filter((f) => f !== MANIFEST && !listed.has(f)).sort()
  if (foreign.length > 0) {
    const more = foreign.length === 1 ? '' : ` and ${foreign.length - 1} more file${foreign.length === 2 ? '' : 's'}`
    throw refused(outDir, `it holds ${foreign[0]}${more} that evcat did not write (not in ${MANIFEST})`, true)
  }
}

/** The paths an evcat manifest in `dir` lists, or undefined when there is no readable evcat manifest. */
export async function manifestFiles(dir: string): Promise<Set<string> | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as {
      generator?: unknown
      files?: { path?: unknown }[]
    }
    if (manifest.generator !== 'evcat' || !Array.isArray(manifest.files)) return undefined
    return new Set(manifest.files.map((f) => String(f.path)))
  } catch {
    return undefined
  }
}

function refused(outDir: string, why: string, forceable = false): OutputRefused {
  const hint = forceable ? '; choose another --out, or pass --force to replace it' : '; choose another --out'
  return new OutputRefused(`will not replace "${outDir}": ${why}${hint}`)
}

/** Whether `inner` is strictly below `outer` (both absolute and canonical). */
function isInside(inner: string, outer: string): boolean {
  const rel = relative(outer, inner)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

/** The absolute path with symbolic links resolved as far as the path exists. */
async function canonical(path: string): Promise<string> {
  const abs = resolve(path)
  try {
    return await realpath(abs)
  } catch {
    const parent = dirname(abs)
    return parent === abs ? abs : join(await canonical(parent), basename(abs))
  }
}
