import type { Frame, Transport } from '../transport/frame.js'
import type { TapReport } from './report.js'
import type { TapState } from './state.js'

/**
 * Acknowledges written frames, each time after a report checkpoint that counts them. A checkpoint costs about a
 * millisecond of file I/O, so batches that arrive while one is written are not held up: they are written and
 * judged meanwhile, and the next checkpoint and acknowledgement cover them all at once.
 *
 * Every judged frame whose acknowledgement is not confirmed is in `state.pending` (under its batch), so any
 * checkpoint, whenever it is taken, lists each record it counts that the broker might still deliver again.
 */
export class Acknowledger {
  private waiting: { readonly batch: number; readonly frames: readonly Frame[] }[] = []
  private running: Promise<void> | undefined
  private failure: unknown
  private readonly confirmations = new Set<Promise<void>>()

  constructor(
    private readonly transport: Transport & Required<Pick<Transport, 'acknowledge'>>,
    private readonly state: TapState,
    private readonly checkpoint?: { readonly report: TapReport; readonly file: string },
  ) {}

  /** Frames written and judged, whose records are in `state.pending` under `batch`. */
  add(batch: number, frames: readonly Frame[]): void {
    this.throwIfFailed()
    this.waiting.push({ batch, frames })
    this.running ??= this.flush().finally(() => (this.running = undefined))
  }

  /** Rethrows what a checkpoint failed with (a full disk under the report). */
  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure
  }

  /** Checkpoints and acknowledges everything added, and waits for the broker's confirmations. */
  async drain(): Promise<void> {
    while (this.running !== undefined) await this.running
    this.throwIfFailed()
    await Promise.all(this.confirmations)
  }

  private async flush(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting
        this.waiting = []
        // The report is built synchronously when the checkpoint starts: it counts exactly the frames judged so far.
        if (this.checkpoint !== undefined) await this.checkpoint.report.checkpoint(this.checkpoint.file)
        this.acknowledge(group)
      }
    } catch (error) {
      this.failure = error
    }
  }

  private acknowledge(group: readonly { readonly batch: number; readonly frames: readonly Frame[] }[]): void {
    const confirmed = this.transport.acknowledge(group.flatMap((g) => g.frames)).then(
      () => group.forEach((g) => this.state.pending.delete(g.batch)),
      // The connection they came on is gone: they stay at risk (the broker delivers them again).
      () => undefined,
    )
    this.confirmations.add(confirmed)
    void confirmed.finally(() => this.confirmations.delete(confirmed))
  }
}
