import type { SwapStep } from '../emit/swap.js'
import { Interrupted } from './failure.js'
import type { CliIO } from './io.js'

// 128 + the signal's number: what a shell reports for a process that a signal stopped.
const SIGNALS: ReadonlyArray<[NodeJS.Signals, number]> = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]

/**
 * Runs `work` with SIGINT, SIGTERM and SIGHUP turned into an abort of the signal it gets, so that the writer
 * can put things back before the process exits (the abort's reason is an Interrupted error). Outside `work`
 * the default applies: nothing is half-written then, and the process simply ends.
 */
export async function whileWriting<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const handlers = SIGNALS.map(([name, code]) => {
    const handler = (): void => controller.abort(new Interrupted(name, code))
    process.on(name, handler)
    return [name, handler] as const
  })
  try {
    return await work(controller.signal)
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler)
  }
}

/**
 * The test-only hook of the swap: with `EVCAT_TEST_SWAP_PAUSE=1`, the writer announces each step on standard
 * error (`evcat-test: swap step set-aside`) and waits for a line on standard input (or a signal) before going
 * on, so that a test can kill it at that very step. Undefined (no hook) otherwise.
 */
export function swapPauseHook(io: CliIO, signal: AbortSignal): ((step: SwapStep) => Promise<void>) | undefined {
  if (process.env['EVCAT_TEST_SWAP_PAUSE'] !== '1') return undefined
  return async (step) => {
    io.err(`evcat-test: swap step ${step}\n`)
    await new Promise<void>((resolve) => {
      const done = (): void => {
        process.stdin.off('data', done)
        signal.removeEventListener('abort', done)
        process.stdin.pause()
        resolve()
      }
      // An explicitly paused stream stays paused when a listener is added: resume it.
      process.stdin.on('data', done).resume()
      signal.addEventListener('abort', done)
    })
  }
}

/** The signals that end a run that can stop and still report (`validate`). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/**
 * Runs `work` with the first SIGINT or SIGTERM turned into an abort whose reason is the signal's name, so that a run
 * on a live input (which has no other end) can stop reading and still judge and report what it read. Only the first:
 * the handlers are removed then, so a second signal ends the process by the default action (130, 143), for someone
 * who will not wait.
 */
export async function untilStopSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const off = (): void => {
    for (const name of STOP_SIGNALS) process.off(name, onSignal)
  }
  function onSignal(name: NodeJS.Signals): void {
    off()
    controller.abort(name)
  }
  for (const name of STOP_SIGNALS) process.on(name, onSignal)
  try {
    return await work(controller.signal)
  } finally {
    off()
  }
}
