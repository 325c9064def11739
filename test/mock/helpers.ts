import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe } from 'vitest'
import { tempFolder } from '../support/temp-folder.js'

/** Whether tests that need a server binary must fail rather than skip when it is missing (.ci/run sets it). */
export const REQUIRE_SERVERS = process.env['EVCAT_REQUIRE_SERVERS'] === '1'

/**
 * `describe`, or `describe.skip` with a message saying what is missing, when `binary` is not installed (unless
 * EVCAT_REQUIRE_SERVERS=1, where the tests run and fail loudly).
 */
export function describeWith(binary: string, install: string): typeof describe {
  if (existsSync(binary) || REQUIRE_SERVERS) return describe
  console.warn(`skipping tests that need ${binary}: not installed (apt-get install -y ${install})`)
  return describe.skip as unknown as typeof describe
}

/** A temp folder for one test, removed when it ends. */
export function tempDir(name: string): string {
  return tempFolder(`evcat-mock-${name}-`)
}

/** A running `evcat mock serve`, spawned from the built bin as a user would run it. */
export interface MockProcess {
  readonly child: ChildProcess
  /** Everything printed on stderr so far. */
  stderr(): string
  /** The first `HOST:PORT` of the banner. */
  readonly address: string
  /** Sends SIGTERM and resolves with the exit code and stderr once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stderr: string }>
  /** Resolves with the exit code once it exits by itself. */
  exited(): Promise<number | null>
}

/** Starts `evcat mock serve ARGS…` and resolves once its banner is printed (it is listening then). */
export function startMockCli(args: readonly string[], opts: { stdout?: 'pipe' | 'ignore' } = {}): Promise<MockProcess> {
  const child = spawn(process.execPath, ['bin/evcat.js', 'mock', 'serve', ...args], {
    stdio: ['ignore', opts.stdout ?? 'ignore', 'pipe'],
  })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!err.includes('stop: Ctrl-C')) return
      child.stderr!.off('data', check)
      resolve({
        child,
        stderr: () => err,
        address: /(\d+\.\d+\.\d+\.\d+:\d+)/.exec(err)?.[1] ?? '',
        exited: () => exit,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null) child.kill(signal)
          const code = await exit
          return { code, stderr: err }
        },
      })
    }
    child.stderr!.on('data', check)
    void exit.then((code) => reject(new Error(`evcat mock serve exited with ${code} before listening:\n${err}`)))
  })
}

/** Runs `evcat mock serve ARGS…` to its end; resolves with its exit code, stdout and stderr. */
export function runMockCli(args: readonly string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['bin/evcat.js', 'mock', 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })))
}

/** One line of a `--manifest` file. */
export interface ManifestLine {
  readonly seq?: number
  readonly kind?: 'invalid' | 'drift'
  readonly event?: string
  readonly rule?: string
  readonly pointer?: string
  readonly channel?: string
  readonly project?: string
  readonly fault?: string
  readonly connection?: number
}

/** The lines of a manifest file. */
export function readManifest(path: string): ManifestLine[] {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : ''
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ManifestLine)
}

/** Polls `check` every 50 ms until it is true or `ms` pass (readiness, never a fixed sleep). */
export async function until(check: () => boolean, ms = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
