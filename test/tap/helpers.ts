import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { tempFolder } from '../support/temp-folder.js'

/** A fresh temp folder. */
export const scratch = (): string => tempFolder('evcat-tap-')

/** A running `evcat` process (the built bin, as users run it). */
export interface Evcat {
  readonly child: ChildProcess
  /** What it printed so far. */
  readonly out: () => string
  readonly err: () => string
  /** Resolves with the exit code (or the signal's name) and everything printed. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>
}

/** Spawns `node bin/evcat.js ARGS` in the repository root. */
export function evcat(args: readonly string[], env: NodeJS.ProcessEnv = {}): Evcat {
  const child = spawn(process.execPath, ['bin/evcat.js', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => void (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => void (err += d.toString()))
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  )
  return { child, out: () => out, err: () => err, done }
}

/** Polls `check` every 50 ms until it returns true; fails after `timeoutMs` with `what`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The lines of a file (without the last empty one), or [] when it does not exist. */
export function lines(file: string): string[] {
  if (!existsSync(file)) return []
  const text = readFileSync(file, 'utf8')
  if (text === '') return []
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n')
}

/** The JSON objects of a JSONL file. */
export function jsonLines<T>(file: string): T[] {
  return lines(file).map((l) => JSON.parse(l) as T)
}

/** Whether a captured Events Hub line is a feed frame, not one of the hub's own (welcome, targeted replies on the
 * global, system and health channels, which the mock's feed never uses). */
export function isHubFeedLine(line: string): boolean {
  return !/^\{"id":"[0-9a-f]{64}",("ref_id":"[^"]*",)?"event_type":"(global|system|health)"/.test(line)
}
