import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { UsageError } from '../../errors.js'

const run = promisify(execFile)

/** Where a folder sits in its git repository: the repository's top folder and the folder's path in it. */
export interface RepoPlace {
  readonly top: string
  /** The folder's path from the top, with a trailing `/` (`catalog/`), or `''` at the top. */
  readonly prefix: string
}

/** Runs git and returns its standard output as a Buffer; throws the error (with stderr) when git fails. */
export async function git(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  if (input === undefined) {
    const { stdout } = await run('git', [...args], { cwd, encoding: 'buffer', maxBuffer: 1 << 30 })
    return stdout
  }
  return new Promise((done, fail) => {
    const child = execFile('git', [...args], { cwd, encoding: 'buffer', maxBuffer: 1 << 30 }, (error, stdout) =>
      error ? fail(error) : done(stdout),
    )
    child.stdin!.end(input)
  })
}

/** The repository a folder is in; undefined when it is in none (or git is not installed). */
export async function repoOf(dir: string): Promise<RepoPlace | undefined> {
  try {
    const out = (await git(resolve(dir), ['rev-parse', '--show-toplevel', '--show-prefix'])).toString('utf8')
    const [top, prefix] = out.split('\n')
    return { top: top!, prefix: prefix ?? '' }
  } catch {
    return undefined
  }
}

/** The commit a revision names (`main`, `v0.1.0`, `HEAD~3`), or undefined when it names none. */
export async function commitOf(repo: RepoPlace, revision: string): Promise<string | undefined> {
  if (revision.startsWith('-')) return undefined
  try {
    const out = await git(repo.top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`])
    return out.toString('utf8').trim()
  } catch {
    return undefined
  }
}

/**
 * The text of every file under a folder at a commit, path (relative to the folder) → text. Read from git's
 * object store (ls-tree, then one cat-file --batch), so the work tree and the index are never touched.
 */
export async function filesAt(
  repo: RepoPlace,
  commit: string,
  keep: (path: string) => boolean,
): Promise<Record<string, string>> {
  const listing = (
    await git(repo.top, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', repo.prefix || '.'])
  ).toString('utf8')
  const blobs: { path: string; sha: string }[] = []
  for (const entry of listing.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry)
    if (m === null || !m[2]!.startsWith(repo.prefix)) continue
    const path = m[2]!.slice(repo.prefix.length)
    if (keep(path)) blobs.push({ path, sha: m[1]! })
  }
  if (blobs.length === 0) return {}
  const batch = await git(repo.top, ['cat-file', '--batch'], blobs.map((b) => b.sha).join('\n') + '\n')
  const out: Record<string, string> = {}
  let at = 0
  for (const blob of blobs) {
    const eol = batch.indexOf(10, at)
    const size = Number(batch.subarray(at, eol).toString('latin1').split(' ')[2])
    out[blob.path] = batch.subarray(eol + 1, eol + 1 + size).toString('utf8')
    at = eol + 1 + size + 1
  }
  return out
}

/** Release tags (`vX.Y.Z`) reachable from HEAD, as tag names. */
export async function releaseTags(repo: RepoPlace): Promise<string[]> {
  try {
    const out = await git(repo.top, ['tag', '--merged', 'HEAD', '--list', 'v[0-9]*'])
    return out
      .toString('utf8')
      .split('\n')
      .filter((t) => /^v\d+\.\d+\.\d+$/.test(t))
  } catch (error) {
    throw new UsageError(`cannot list the release tags of ${repo.top}: ${firstLine(error)}`)
  }
}

/** The first line of a child process error's stderr (or its message). */
export function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr
  const text = stderr !== undefined && stderr.length > 0 ? stderr.toString() : String((error as Error).message)
  return text.trim().split('\n')[0] ?? ''
}
