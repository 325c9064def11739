import type { Faults } from './faults.js'
import type { Manifest } from './manifest.js'
import type { Outbox } from './outbox.js'
import { paced, sleep } from './pace.js'
import type { MockFrame } from './types.js'

/** One connection's share of a mock server: its feed, its filter and its faults. */
export interface SessionOptions {
  readonly frames: Iterable<MockFrame>
  /** Frames per second; as fast as the socket takes them when undefined. */
  readonly rate: number | undefined
  /** Whether this client gets the frame (its subscriptions, its type and project filters). */
  readonly accepts: (frame: MockFrame) => boolean
  readonly outbox: Outbox
  readonly manifest: Manifest
  readonly faults: Faults | undefined
  /** Aborted when the server shuts down or the connection ends. */
  readonly signal: AbortSignal
}

/**
 * Serves a feed to one connection at the given rate: records each injected frame in the manifest, skips what the
 * client did not ask for, and applies the fault scheduled for each frame it sends. Returns when the feed ends,
 * the connection closes or the server stops.
 */
export async function runSession(s: SessionOptions): Promise<void> {
  const connection = s.faults?.connection ?? 0
  for await (const frame of paced(s.frames, s.rate, s.signal)) {
    if (s.outbox.closed) return
    s.manifest.frame(frame)
    if (!s.accepts(frame)) continue
    const fault = s.faults?.at(frame.seq)
    if (fault !== undefined) s.manifest.fault(fault, connection, frame.seq)
    switch (fault) {
      case 'drop':
        s.outbox.send(frame.text, frame.seq, 'drop')
        return
      case 'truncate':
        s.outbox.send(frame.text, frame.seq, 'truncate')
        return
      case 'split':
        s.outbox.send(frame.text, frame.seq, 'split')
        break
      case 'stall':
        // The server itself stops: nothing is produced or sent meanwhile, then the overdue frames follow.
        s.outbox.hold(s.faults!.plan.holdMs)
        await sleep(s.faults!.plan.holdMs, s.signal)
        s.outbox.send(frame.text, frame.seq)
        break
      case 'slow':
        // The consumer falls behind: frames keep coming and queue up, and the queue's limit pushes back.
        s.outbox.hold(s.faults!.plan.holdMs)
        s.outbox.send(frame.text, frame.seq)
        break
      default:
        s.outbox.send(frame.text, frame.seq)
    }
    // Unpaced, the socket sets the pace: wait until it takes more (a slow client pushes the feed back).
    if (s.rate === undefined) await s.outbox.idle()
  }
}
