import { spawn, type StdioOptions } from 'node:child_process'
import { resolve } from 'node:path'

/** The built CLI, by absolute path, so that it can run from any working directory. */
export const BIN = resolve('bin/evcat.js')

/** What a spawned process did. */
export interface Spawned {
  readonly code: number | null
  readonly out: string
  readonly err: string
}

/** Runs the built CLI in a child process (the real process streams, signals and exit code) and waits for it. */
export function spawnEvcat(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdio?: StdioOptions; input?: string } = {},
): Promise<Spawned> {
  return spawnProcess(process.execPath, [BIN, ...args], options)
}

/** Runs any command and waits for it; `input` is written to its standard input, which is then closed. */
export function spawnProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdio?: StdioOptions; input?: string } = {},
): Promise<Spawned> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    stdio: options.stdio ?? ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  if (child.stdin !== null) child.stdin.end(options.input ?? '')
  return new Promise((done, fail) => {
    child.on('error', fail)
    child.on('close', (code) => done({ code, out, err }))
  })
}
