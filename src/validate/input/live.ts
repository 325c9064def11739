/**
 * An empty chunk is how a live source says that it has paused: no byte arrived for a while. Readers take it as
 * "judge now what is complete". A reader whose records end where the next one starts (YAML documents, json-seq)
 * would otherwise hold a finished record back until the next one begins, which on `lxc monitor` may be never.
 */
export const PAUSE: Buffer = Buffer.alloc(0)

/** How long a live source must stay silent to count as paused: well under the 100 ms a verdict may take. */
export const PAUSE_MS = 20

/** Reading stopped before the input ended (a signal, or the caller): not a fault of the input. */
export class StoppedReading extends Error {}

/** How a source is watched. */
export interface LiveOptions {
  /** When aborted, the source yields a PAUSE (records complete so far are judged) and throws StoppedReading. */
  readonly signal?: AbortSignal
  /** After this many milliseconds without bytes, yield one PAUSE (until bytes come again). @default never */
  readonly idleMs?: number
  /** Releases the input on a stop: a read that waits on a pipe would otherwise keep the process alive. */
  readonly close?: () => void
}

const IDLE = Symbol('idle')
const STOP = Symbol('stop')
type Step = IteratorResult<Buffer> | typeof IDLE | typeof STOP

/**
 * The chunks of `chunks`, watched: PAUSE chunks after `idleMs` of silence, and a stop when `signal` aborts. Without
 * either, the chunks pass through untouched. A chunk that arrives is never lost to a timer: the read in progress is
 * kept and awaited again after a pause.
 */
export async function* liveChunks(chunks: AsyncIterator<Buffer>, options: LiveOptions): AsyncGenerator<Buffer> {
  const { signal, idleMs } = options
  if (signal === undefined && idleMs === undefined) return yield* passThrough(chunks)
  // Each wait gets a promise of its own, which the abort settles: racing one long-lived promise instead would
  // leave a reaction on it per chunk, and a live run reads chunks for days.
  let wake: ((step: Step) => void) | undefined
  const onAbort = (): void => wake?.(STOP)
  signal?.addEventListener('abort', onAbort)
  let stopped = false
  try {
    let paused = false
    for (;;) {
      const next = chunks.next()
      let step = await wait(next, paused ? undefined : idleMs)
      // Once per silence: then the same read is awaited again, with no timer.
      while (step === IDLE) {
        paused = true
        yield PAUSE
        step = await wait(next, undefined)
      }
      if (step === STOP) {
        stopped = true
        // The read in progress may still fail once the input is closed; nobody waits for it any more.
        next.catch(() => undefined)
        options.close?.()
        yield PAUSE
        throw new StoppedReading('reading stopped')
      }
      if (step.done === true) return
      paused = false
      yield step.value
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    // After a stop a read may be pending, and return() would wait for it: the input was closed instead.
    if (!stopped) await chunks.return?.(undefined)
  }

  /** The next chunk, a stop, or (after `ms`) IDLE, whichever comes first. */
  function wait(next: Promise<IteratorResult<Buffer>>, ms: number | undefined): Promise<Step> {
    if (signal?.aborted === true) return Promise.resolve(STOP)
    return new Promise<Step>((resolve, reject) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms, IDLE)
      const settle = (step: Step): void => {
        clearTimeout(timer)
        resolve(step)
      }
      // An abort while the consumer holds a chunk finds this wait gone; the check above catches it next time.
      wake = settle
      next.then(settle, (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      })
    })
  }
}

async function* passThrough(chunks: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    for (;;) {
      const next = await chunks.next()
      if (next.done === true) return
      yield next.value
    }
  } finally {
    await chunks.return?.(undefined)
  }
}
