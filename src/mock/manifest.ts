import { createWriteStream, type WriteStream } from 'node:fs'
import type { MockFrame } from './types.js'

/**
 * The `--manifest` side file (JSONL): one line per injected frame (invalid or drift) and one per fault, so a test
 * can check that its consumer caught exactly those. Every connection replays the same feed, so a frame's line is
 * written once, by the first connection that reaches it.
 */
export class Manifest {
  private readonly out: WriteStream | undefined
  private next = 0
  private readonly opened: Promise<void>

  constructor(path: string | undefined) {
    this.out = path === undefined ? undefined : createWriteStream(path, { flags: 'w' })
    this.opened =
      this.out === undefined
        ? Promise.resolve()
        : new Promise((resolve, reject) =>
            this.out!.once('open', () => resolve()).once('error', (error: NodeJS.ErrnoException) =>
              reject(new RangeError(`cannot write the manifest ${path}: ${error.code ?? error.message}`)),
            ),
          )
  }

  /** Resolves once the file is open; rejects with a RangeError (a usage problem) when it cannot be written. */
  ready(): Promise<void> {
    return this.opened
  }

  /** Records a frame a connection is about to send, if it was injected and no connection got that far before. */
  frame(frame: MockFrame): void {
    if (frame.seq < this.next) return
    this.next = frame.seq + 1
    if (frame.kind === 'valid') return
    this.write({
      seq: frame.seq,
      kind: frame.kind,
      event: frame.event,
      rule: frame.rule,
      pointer: frame.pointer,
      channel: frame.channel,
      ...(frame.project === undefined ? {} : { project: frame.project }),
    })
  }

  /** Records a fault, or its consequence (`evicted`, `write-deadline`, `pong-timeout`), on one connection. */
  fault(fault: string, connection: number, seq?: number): void {
    this.write({ fault, connection, ...(seq === undefined ? {} : { seq }) })
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    const out = this.out
    if (out === undefined) return Promise.resolve()
    return new Promise((resolve) => out.end(() => resolve()))
  }

  private write(entry: object): void {
    this.out?.write(JSON.stringify(entry) + '\n')
  }
}
