import type { Socket } from 'node:net'
import type { Manifest } from './manifest.js'
import { encodeFrame, OPCODE } from './ws-frame.js'

/** How one connection's outgoing frames are queued and pushed back. */
export interface OutboxOptions {
  /** The connection's number, for the manifest. */
  readonly connection: number
  /** Frames queued beyond this evict the oldest (the Events Hub keeps 2048 per client). */
  readonly queueLimit: number
  /** A socket that does not drain for this long is dropped (the platform's write deadline). */
  readonly writeDeadlineMs: number
  /** Append `\n` to every text frame, as Go's `Conn.WriteJSON` does. */
  readonly newline: boolean
  readonly manifest: Manifest
}

/** How a queued frame is written: whole, in pieces across TCP writes, cut short, or not at all (the drop). */
type Mode = 'whole' | 'split' | 'truncate' | 'drop'

interface Queued {
  readonly text: string
  readonly seq: number | undefined
  readonly mode: Mode
}

/** Bytes buffered in the socket before the outbox stops writing and waits for `drain`. */
const HIGH_WATER = 256 * 1024
/** The pause between the pieces of a split frame, long enough for each piece to leave as its own TCP segment. */
const SPLIT_PAUSE_MS = 25

/**
 * One WebSocket connection's writer: a bounded queue in front of the socket that writes frames in order, stops
 * when the socket does not drain (and drops the connection after the write deadline), evicts the oldest frame when
 * the queue is full, and carries out the frame-level faults in their place in the queue.
 */
export class Outbox {
  private readonly queue: Queued[] = []
  private held = false
  private busy = false
  private deadline: NodeJS.Timeout | undefined
  private readonly timers = new Set<NodeJS.Timeout>()
  private waiters: (() => void)[] = []
  closed = false

  constructor(
    private readonly socket: Socket,
    private readonly options: OutboxOptions,
  ) {
    socket.on('drain', () => {
      this.clearDeadline()
      this.flush()
    })
    socket.once('close', () => this.dispose())
  }

  /** Queues a text frame, written whole or with a fault. */
  send(text: string, seq?: number, mode: Mode = 'whole'): void {
    if (this.closed) return
    this.queue.push({ text, seq, mode })
    if (this.queue.length > this.options.queueLimit) {
      const evicted = this.queue.shift()!
      this.options.manifest.fault('evicted', this.options.connection, evicted.seq)
    }
    this.flush()
  }

  /** Stops writing for `ms` while frames keep queueing (a stall, or a consumer that cannot keep up). */
  hold(ms: number): void {
    this.held = true
    this.later(ms, () => {
      this.held = false
      this.flush()
    })
  }

  /** Sends a protocol ping, unless the connection is held or a frame is half written. */
  ping(): void {
    if (!this.closed && !this.held && !this.busy) this.socket.write(encodeFrame(OPCODE.ping, Buffer.alloc(0)))
  }

  /** Resolves when everything queued is in the socket and the socket takes more (or the connection is gone). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** Drops the TCP connection without a close frame: the client sees 1006. */
  destroy(): void {
    this.socket.destroy()
    this.dispose()
  }

  private flush(): void {
    while (!this.closed && !this.held && !this.busy && this.queue.length > 0) {
      if (this.socket.writableLength >= HIGH_WATER) {
        this.armDeadline()
        return
      }
      this.write(this.queue.shift()!)
    }
    if (this.waiters.length > 0 && this.isIdle()) {
      const waiters = this.waiters
      this.waiters = []
      for (const w of waiters) w()
    }
  }

  private isIdle(): boolean {
    return this.closed || (this.queue.length === 0 && !this.busy && this.socket.writableLength < HIGH_WATER)
  }

  private write(item: Queued): void {
    if (item.mode === 'drop') {
      // The frames before the drop were sent: destroy only once they are in the kernel (a destroy drops what is
      // still buffered in the socket, which under load was one or two frames that the manifest says were sent).
      this.busy = true
      this.socket.write(Buffer.alloc(0), () => this.destroy())
      return
    }
    const frame = encodeFrame(OPCODE.text, Buffer.from(this.options.newline ? item.text + '\n' : item.text))
    if (item.mode === 'whole') {
      this.socket.write(frame)
      return
    }
    if (item.mode === 'truncate') {
      // The header promises the whole payload; half of it arrives, then the connection ends.
      this.socket.write(frame.subarray(0, Math.max(3, frame.length >> 1)), () => this.destroy())
      return
    }
    this.writeSplit(frame)
  }

  // Three pieces, each its own write after a pause; reading is paused meanwhile so that `ws` cannot answer a
  // client's ping between two pieces of the frame.
  private writeSplit(frame: Buffer): void {
    this.busy = true
    this.socket.pause()
    const cuts = [0, Math.min(2, frame.length), frame.length >> 1, frame.length]
    const piece = (i: number): void => {
      if (this.closed) return
      this.socket.write(frame.subarray(cuts[i], cuts[i + 1]))
      if (i + 2 < cuts.length) return void this.later(SPLIT_PAUSE_MS, () => piece(i + 1))
      this.busy = false
      this.socket.resume()
      this.flush()
    }
    piece(0)
  }

  private armDeadline(): void {
    if (this.deadline !== undefined) return
    this.deadline = setTimeout(() => {
      this.options.manifest.fault('write-deadline', this.options.connection)
      this.destroy()
    }, this.options.writeDeadlineMs)
  }

  private clearDeadline(): void {
    if (this.deadline !== undefined) clearTimeout(this.deadline)
    this.deadline = undefined
  }

  private later(ms: number, run: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t)
      run()
    }, ms)
    this.timers.add(t)
  }

  private dispose(): void {
    this.closed = true
    this.clearDeadline()
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.queue.length = 0
    for (const w of this.waiters.splice(0)) w()
  }
}
