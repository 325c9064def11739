import { EvcatError, UsageError } from '../errors.js'

/** One message as it came off the wire: its bytes untouched, and where it came from. */
export interface Frame {
  readonly kind: 'frame'
  /** The payload exactly as received (a WebSocket message, an AMQP body). */
  readonly data: Buffer
  /** When it arrived (ms since the epoch). */
  readonly at: number
  /** The broker says it delivered this message before (AMQP `redelivered`). */
  readonly redelivered?: boolean
  /** The publisher's message id, when it set one (AMQP `message_id`). */
  readonly messageId?: string
  /** Transport-specific handle to acknowledge the frame (AMQP delivery); opaque to everyone else. */
  readonly delivery?: unknown
}

/** A stretch of time when the source was not connected, so frames sent then may be missing. */
export interface Gap {
  readonly kind: 'gap'
  /** When the connection was lost (ms since the epoch). */
  readonly from: number
  /** When it was back (ms since the epoch). */
  readonly to: number
  /** Why it was lost, in a few words. */
  readonly reason: string
}

/** What a transport yields: frames, and gaps in between when the connection dropped. */
export type TransportItem = Frame | Gap

/** What every transport is given: one signal to stop, and a logger for reconnects (stderr in the CLI). */
export interface TransportContext {
  readonly signal: AbortSignal
  readonly log: (line: string) => void
  /** Called each time a dropped connection is back. */
  readonly reconnected?: () => void
}

/**
 * A connection to one platform, turned into batches of raw items: each batch holds what arrived since the last
 * pull (at least one item). A transport knows nothing about validation or files.
 */
export interface Transport {
  /** A short human name of the source for logs (`lxd:unix:/var/lib/lxd/unix.socket`). */
  readonly name: string
  /** Connects (and reconnects) until the signal aborts or the source ends; throws SourceError on bad input. */
  items(context: TransportContext): AsyncIterable<readonly TransportItem[]>
  /**
   * Acknowledges frames once they are written (AMQP). Resolves when the broker is known to have the
   * acknowledgements, or rejects when the connection they came on is gone (they will be delivered again).
   */
  acknowledge?(frames: readonly Frame[]): Promise<void>
}

/**
 * The source could not be used, for a reason the user can fix: a wrong address, socket path, credentials or
 * certificate. Its message is one line that says what to check; the CLI exits 2.
 */
export class SourceError extends UsageError {}

/** The connection dropped and reconnecting was turned off (--no-reconnect); the CLI exits 1. */
export class ConnectionLost extends EvcatError {}
