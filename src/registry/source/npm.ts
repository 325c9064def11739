import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { UsageError } from '../../errors.js'
import { SNAPSHOT_FILE } from '../files.js'
import { firstLine } from './git.js'
import { readTarball } from './tarball.js'

const run = promisify(execFile)

export { SNAPSHOT_FILE } from '../files.js'

/** A package version: `@evcat/events@0.1.0`, `@evcat/events@latest`. */
export interface PackageSpec {
  readonly name: string
  readonly version: string
}

/** Reads `name@version` (a scoped or plain npm name, then a version or dist-tag); undefined for anything else. */
export function parsePackageSpec(ref: string): PackageSpec | undefined {
  const m = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)@([\w.+-]+)$/i.exec(ref)
  return m === null ? undefined : { name: m[1]!, version: m[2]! }
}

/** The snapshot text of an installed copy of the package (node_modules from `cwd` upwards), when its version matches. */
export async function installedSnapshot(
  spec: PackageSpec,
  cwd: string,
): Promise<{ text: string; from: string } | undefined> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', ...spec.name.split('/'))
    const pkg = await readFile(join(root, 'package.json'), 'utf8').catch(() => undefined)
    if (pkg !== undefined && (JSON.parse(pkg) as { version?: string }).version === spec.version) {
      const text = await readFile(join(root, SNAPSHOT_FILE), 'utf8').catch(() => undefined)
      if (text === undefined) throw noSnapshot(`${spec.name}@${spec.version} installed in ${root}`)
      return { text, from: `${spec.name}@${spec.version} (installed in ${root})` }
    }
    if (dirname(dir) === dir) return undefined
  }
}

/** The snapshot text of a package version fetched from the registry with `npm pack` (into a temp folder, removed after). */
export async function packedSnapshot(spec: PackageSpec, registry?: string): Promise<{ text: string; from: string }> {
  const tmp = await mkdtemp(join(tmpdir(), 'evcat-pack-'))
  const at = `${spec.name}@${spec.version}`
  try {
    const args = [
      'pack',
      at,
      '--json',
      '--pack-destination',
      tmp,
      ...(registry === undefined ? [] : ['--registry', registry]),
    ]
    let stdout: string
    try {
      ;({ stdout } = await run('npm', args, { cwd: tmp, maxBuffer: 1 << 26 }))
    } catch (error) {
      throw await npmError(error, spec, registry)
    }
    const filename = (JSON.parse(stdout) as { filename: string }[])[0]!.filename
    return { text: snapshotInTarball(await readFile(join(tmp, filename)), at), from: `${at} (from the registry)` }
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
}

/** The snapshot text inside a package tarball. */
export function snapshotInTarball(gz: Buffer, name: string): string {
  const file = readTarball(gz).get(`package/${SNAPSHOT_FILE}`)
  if (file === undefined) throw noSnapshot(name)
  return file.toString('utf8')
}

function noSnapshot(what: string): UsageError {
  return new UsageError(
    `${what} has no ${SNAPSHOT_FILE} (packages made before evcat diff carry none); compare with its git tag instead, e.g. --against v0.1.0`,
  )
}

async function npmError(error: unknown, spec: PackageSpec, registry?: string): Promise<UsageError> {
  const stderr = String((error as { stderr?: string }).stderr ?? '')
  const where = registry ?? (await configuredRegistry())
  const at = `${spec.name}@${spec.version}`
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|socket hang up/.test(stderr)) {
    return new UsageError(`cannot reach the npm registry ${where} to fetch ${at}; start it, or pass --registry URL`)
  }
  if (/E404|ETARGET|No matching version|not in this registry/.test(stderr)) {
    return new UsageError(
      `${at} is not in the npm registry ${where}; "npm view ${spec.name} versions" lists what it has`,
    )
  }
  const line = stderr.split('\n').find((l) => /npm (ERR!|error)/.test(l)) ?? firstLine(error)
  return new UsageError(`npm pack ${at} failed: ${line.replace(/^npm (ERR!|error)\s*/, '')}`)
}

async function configuredRegistry(): Promise<string> {
  try {
    return (await run('npm', ['config', 'get', 'registry'])).stdout.trim()
  } catch {
    return 'configured for npm'
  }
}
