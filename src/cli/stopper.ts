/** The one way a live command stops: SIGINT, SIGTERM, --duration, --count and a closed downstream all abort it. */
export interface Stopper {
  readonly signal: AbortSignal
  /** Why it stopped first (`SIGINT`, `--duration 30s reached`…), once it has. */
  readonly reason: string | undefined
  stop(reason: string): void
  /** Removes the signal handlers and the timer. */
  dispose(): void
}

/**
 * A stopper listening to SIGINT and SIGTERM (a second one exits at once with 130, for a stop that hangs) and
 * to a duration.
 */
export function createStopper(durationMs: number | undefined, log: (line: string) => void): Stopper {
  const controller = new AbortController()
  let reason: string | undefined
  const stop = (why: string): void => {
    if (reason !== undefined) return
    reason = why
    controller.abort(why)
  }
  const onSignal = (name: NodeJS.Signals): void => {
    if (reason === name) {
      log(`evcat: second ${name}, exiting without finishing`)
      process.exit(130)
    }
    stop(name)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const timer = durationMs === undefined ? undefined : setTimeout(() => stop(`--duration reached`), durationMs)
  return {
    signal: controller.signal,
    get reason() {
      return reason
    },
    stop,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      clearTimeout(timer)
    },
  }
}
