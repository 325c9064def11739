import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'

/** How a watched process ended. */
export interface Ended {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

/**
 * A child process whose output a test reads as it comes: `waitFor` resolves once the output so far matches, so that
 * a test can write a line, wait for what it causes, and only then write the next one. A wait that sees nothing
 * within `ms` fails with what the process printed (a guard against a hang, not a measurement).
 */
export class Watched {
  out = ''
  err = ''
  readonly ended: Promise<Ended>
  private readonly waiters = new Set<() => void>()

  /** `group`: the child leads a process group of its own (spawned detached), which is signalled whole. */
  constructor(
    readonly child: ChildProcess,
    readonly group = false,
  ) {
    child.stdout?.on('data', (d: Buffer) => this.took(() => (this.out += d.toString())))
    child.stderr?.on('data', (d: Buffer) => this.took(() => (this.err += d.toString())))
    this.ended = new Promise((resolve, reject) => {
      child.on('error', reject)
      child.on('close', (code, signal) => resolve({ code, signal }))
    })
  }

  /** Resolves once `seen(out, err)` holds; fails after `ms` saying what `what` was and what was printed. */
  waitFor(what: string, seen: (out: string, err: string) => boolean, ms = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!seen(this.out, this.err)) return
        clearTimeout(timer)
        this.waiters.delete(check)
        resolve()
      }
      const timer = setTimeout(() => {
        this.waiters.delete(check)
        reject(new Error(`no ${what} within ${ms} ms; stdout so far:\n${this.out}\nstderr so far:\n${this.err}`))
      }, ms)
      this.waiters.add(check)
      check()
    })
  }

  /** Writes to the process's standard input. */
  write(text: string): void {
    this.child.stdin!.write(text)
  }

  private took(append: () => void): void {
    append()
    for (const check of [...this.waiters]) check()
  }
}

const running = new Set<Watched>()

/** Starts a command with pipes on every stream (`detached`: its own process group, so a test can signal it whole). */
export function watch(command: string, args: readonly string[], options: SpawnOptions = {}): Watched {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options })
  const watched = new Watched(child, options.detached === true)
  running.add(watched)
  void watched.ended.finally(() => running.delete(watched))
  return watched
}

/** Kills what a failed test left running (its whole process group when it has one), and waits for it to end. */
export async function killLeftovers(): Promise<void> {
  for (const w of running) {
    const pid = w.child.pid
    if (pid === undefined) continue
    try {
      process.kill(w.group ? -pid : pid, 'SIGKILL')
    } catch {
      // Gone already.
    }
  }
  await Promise.all([...running].map((w) => w.ended.catch(() => undefined)))
}

/** How many times `needle` occurs in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1
}
