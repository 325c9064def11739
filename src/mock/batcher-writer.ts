import { createWriteStream, type WriteStream } from 'node:fs'
import { feedFrames } from './feed.js'
import type { Manifest } from './manifest.js'
import { paced } from './pace.js'
import type { FeedData, FeedOptions } from './types.js'

// go-batcher's events are in-process: a listener gets (event, val, msg, metadata). A Go program that logs them as
// JSON writes one object per line; `evcat mock serve batcher` writes that stream to stdout, a file or a FIFO, for
// tests of whatever reads such a listener's output. Emit is synchronous in go-batcher, so a slow reader pushes
// the emitter back: here the writer waits for the stream to drain.

/** Where the batcher mock writes. */
export interface BatcherWriterOptions {
  readonly data: FeedData
  readonly feed: FeedOptions
  readonly rate: number | undefined
  readonly manifest: Manifest
  /** A file or FIFO path; stdout when undefined. */
  readonly path?: string
}

/** A running writer. */
export interface Writer {
  readonly banner: readonly string[]
  readonly done: Promise<void>
  written(): number
  close(): Promise<void>
}

/** Starts writing the feed, one JSON object per line. A FIFO is opened when its reader comes. */
export function startBatcherWriter(o: BatcherWriterOptions): Writer {
  const out: WriteStream | NodeJS.WriteStream = o.path === undefined ? process.stdout : createWriteStream(o.path)
  const stop = new AbortController()
  let count = 0
  let broken: Error | undefined
  out.on('error', (error: Error) => {
    broken = error
    stop.abort()
  })
  const done = (async () => {
    for await (const frame of paced(
      feedFrames(o.data, { ...o.feed, start: o.feed.start ?? Date.now() }),
      o.rate,
      stop.signal,
    )) {
      o.manifest.frame(frame)
      count++
      if (!out.write(frame.text + '\n')) await drained(out, stop.signal)
    }
    // An early reader exit (`| head`) is the reader's choice, not a failure.
    if (broken !== undefined && (broken as NodeJS.ErrnoException).code !== 'EPIPE') throw broken
  })()
  return {
    banner: [o.path === undefined ? 'writing JSON lines to stdout' : `writing JSON lines to ${o.path}`],
    done,
    written: () => count,
    close: async () => {
      stop.abort()
      await done.catch(() => undefined)
      if (out !== process.stdout) await new Promise<void>((resolve) => (out as WriteStream).end(() => resolve()))
    },
  }
}

function drained(out: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done)
      signal.removeEventListener('abort', done)
      resolve()
    }
    out.once('drain', done)
    signal.addEventListener('abort', done, { once: true })
  })
}
