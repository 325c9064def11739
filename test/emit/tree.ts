import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'

/** Every file under a folder with its text, by relative path; undefined when there is no folder there. */
export function snapshot(dir: string): Record<string, string> | undefined {
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) return undefined
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e): [string, string] => {
        const full = join(e.parentPath, e.name)
        return [relative(dir, full), readFileSync(full, 'utf8')]
      })
      .sort((x, y) => (x[0] < y[0] ? -1 : 1)),
  )
}

/** The names beside `out` that an evcat writer made (staging and set-aside folders). */
export function siblings(out: string): string[] {
  return readdirSync(dirname(out))
    .filter((n) => n.startsWith(`${basename(out)}.evcat-`))
    .sort()
}

/** A spawned `evcat generate` with the swap's test hook on: it stops at each step until told to go on. */
export class PausedWriter {
  readonly child: ChildProcess
  private stderr = ''
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ['bin/evcat.js', 'generate', ...args], {
      env: { ...process.env, EVCAT_TEST_SWAP_PAUSE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()))
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })))
  }

  /** Lets the writer go on until it announces `step`, then leaves it paused there (the test's timeout bounds the wait). */
  async pauseAt(step: string): Promise<void> {
    let seen = 0
    for (;;) {
      const steps = [...this.stderr.matchAll(/^evcat-test: swap step (\S+)$/gm)].map((m) => m[1])
      for (; seen < steps.length; seen++) {
        if (steps[seen] === step) return
        this.child.stdin!.write('\n')
      }
      if (this.child.exitCode !== null) throw new Error(`the writer ended before step ${step}: ${this.stderr}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  /** Sends a signal and waits for the process to end. */
  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    this.child.kill(signal)
    const end = await this.exited
    return { ...end, stderr: this.stderr }
  }
}
