import type { TransportItem } from './frame.js'

/** Called when the queue crosses its high-water mark (pause the socket) and when it drained (resume it). */
export interface Backpressure {
  readonly pause: () => void
  readonly resume: () => void
}

/**
 * Turns pushed items (socket events) into pulled batches: `take()` resolves with everything queued so far,
 * at least one item, or with undefined once the queue is ended and empty. Above `highWater` items the
 * producer is paused, so a slow disk slows the socket instead of filling memory.
 */
export class ItemQueue {
  private items: TransportItem[] = []
  private ended = false
  private failure: unknown
  private wake: (() => void) | undefined
  private paused = false

  constructor(
    private readonly highWater = 4096,
    private backpressure?: Backpressure,
  ) {}

  /** Sets who is paused and resumed (the current connection's socket). */
  setBackpressure(backpressure: Backpressure | undefined): void {
    this.backpressure = backpressure
    this.paused = false
  }

  /** Adds an item; pauses the producer above the high-water mark. */
  push(item: TransportItem): void {
    this.items.push(item)
    if (!this.paused && this.items.length >= this.highWater && this.backpressure !== undefined) {
      this.paused = true
      this.backpressure.pause()
    }
    this.wake?.()
  }

  /** No more items will come; `take()` drains what is left, then resolves undefined (or throws `error`). */
  end(error?: unknown): void {
    this.ended = true
    if (error !== undefined) this.failure = error
    this.wake?.()
  }

  /** Everything queued (at least one item), or undefined when ended and empty. */
  async take(): Promise<TransportItem[] | undefined> {
    while (this.items.length === 0) {
      if (this.ended) {
        if (this.failure !== undefined) throw this.failure
        return undefined
      }
      await new Promise<void>((resolve) => (this.wake = resolve))
      this.wake = undefined
    }
    const batch = this.items
    this.items = []
    if (this.paused) {
      this.paused = false
      this.backpressure?.resume()
    }
    return batch
  }
}
