// Timers through globalThis: this module also ships in the published package, compiled against ES2022 alone
// (no DOM and no Node types), where setTimeout is not declared.
const timers = globalThis as unknown as {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** What `paced` needs of an AbortSignal (declared here for the same reason: ES2022 has no AbortSignal). */
export interface StopSignal {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: () => void): void
}

/**
 * Yields items no faster than `rate` per second, the i-th due i/rate seconds after the first (a late consumer
 * gets the overdue ones at once, so the average rate holds); as fast as the consumer pulls when `rate` is
 * undefined. Ends early when `signal` aborts.
 */
export async function* paced<T>(items: Iterable<T>, rate?: number, signal?: StopSignal): AsyncGenerator<T> {
  const t0 = Date.now()
  let i = 0
  for (const item of items) {
    if (signal?.aborted) return
    if (rate !== undefined) {
      const wait = t0 + (i * 1000) / rate - Date.now()
      // Behind schedule, still let timers and I/O run now and then rather than only chaining microtasks.
      if (wait > 0 || i % 256 === 255) await sleep(Math.max(0, wait), signal)
      if (signal?.aborted) return
    }
    i++
    yield item
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: StopSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = (): void => {
      timers.clearTimeout(handle)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const handle = timers.setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
