import type WebSocket from 'ws'
import { isTransient, type ConnectFailure } from './failure.js'
import { ConnectionLost, SourceError, type TransportContext, type TransportItem } from './frame.js'
import { ItemQueue } from './queue.js'
import { waitToReconnect, type ReconnectPolicy } from './reconnect.js'
import { ConnectError, openWebSocket, pumpWebSocket, type WebSocketTarget } from './websocket.js'

/** A platform's protocol on top of an open socket: what it sends, and how it decides the peer is gone. */
export interface WebSocketSession {
  /** The socket is open; `kill` drops it with a reason (then the loop reconnects). */
  onOpen(ws: WebSocket, kill: (reason: string) => void): void
  /** Every frame, before it is queued. */
  onFrame(data: Buffer): void
  /** The socket closed; stop timers. */
  onClose(): void
}

/** What the reconnecting loop needs from a WebSocket transport. */
export interface WebSocketLoopOptions {
  readonly name: string
  readonly target: WebSocketTarget
  /** The one line that says what to check, for a failure that is the user's to fix. */
  readonly describe: (failure: ConnectFailure) => string
  readonly policy: ReconnectPolicy
  /** Makes a fresh session per connection (none: the frames are all there is). */
  readonly session?: () => WebSocketSession
}

// A connection that stayed up this long resets the backoff.
const STABLE_MS = 10_000

/**
 * Connects, streams frames, and reconnects after a drop with backoff, recording the time it was away as a gap.
 * The first connection failing, or a failure that retrying cannot fix, ends the iteration with a SourceError.
 */
export async function* websocketItems(
  options: WebSocketLoopOptions,
  context: TransportContext,
): AsyncGenerator<TransportItem[]> {
  const queue = new ItemQueue()
  // Stops the loop when the tap stops, and also when the tap gives up early (a write failed).
  const local = new AbortController()
  const onAbort = (): void => local.abort()
  context.signal.addEventListener('abort', onAbort, { once: true })
  const loop = connectLoop(options, { ...context, signal: local.signal }, queue).then(
    () => queue.end(),
    (error: unknown) => queue.end(error),
  )
  try {
    for (let batch = await queue.take(); batch !== undefined; batch = await queue.take()) yield batch
  } finally {
    context.signal.removeEventListener('abort', onAbort)
    local.abort()
    await loop
  }
}

async function connectLoop(options: WebSocketLoopOptions, context: TransportContext, queue: ItemQueue): Promise<void> {
  const { signal, log } = context
  let attempt = 0
  let connectedOnce = false
  let lost: { at: number; reason: string } | undefined
  while (!signal.aborted) {
    let ws: WebSocket
    const s = options.session?.()
    const onMessage = (data: Buffer): void => {
      s?.onFrame(data)
      queue.push({ kind: 'frame', data, at: Date.now() })
    }
    try {
      ws = await openWebSocket(options.target, signal, onMessage)
    } catch (error) {
      if (signal.aborted) break
      const failure = error instanceof ConnectError ? error.failure : { message: String(error) }
      if (!connectedOnce || !isTransient(failure))
        throw new SourceError(`${options.name}: ${options.describe(failure)}`)
      if (!(await waitToReconnect(options.name, failure.message, ++attempt, options.policy, context))) break
      continue
    }
    const openedAt = Date.now()
    if (lost !== undefined) {
      queue.push({ kind: 'gap', from: lost.at, to: openedAt, reason: lost.reason })
      log(`${options.name}: reconnected after ${((openedAt - lost.at) / 1000).toFixed(1)} s`)
      context.reconnected?.()
      lost = undefined
    } else if (!connectedOnce) log(`${options.name}: connected`)
    connectedOnce = true
    const reason = await session(ws, s, queue, signal)
    if (signal.aborted) break
    lost = { at: Date.now(), reason }
    if (Date.now() - openedAt >= STABLE_MS) attempt = 0
    try {
      if (!(await waitToReconnect(options.name, reason, ++attempt, options.policy, context))) break
    } catch (error) {
      if (error instanceof ConnectionLost) queue.push({ kind: 'gap', from: lost.at, to: Date.now(), reason })
      throw error
    }
  }
  // Stopped while away: the gap runs to the stop.
  if (lost !== undefined) queue.push({ kind: 'gap', from: lost.at, to: Date.now(), reason: lost.reason })
}

/** Runs one open socket with the platform's session until it closes; resolves with why it ended. */
async function session(
  ws: WebSocket,
  s: WebSocketSession | undefined,
  queue: ItemQueue,
  signal: AbortSignal,
): Promise<string> {
  let killed: string | undefined
  s?.onOpen(ws, (reason) => {
    killed ??= reason
    ws.terminate()
  })
  const reason = await pumpWebSocket(ws, queue, signal)
  s?.onClose()
  return killed ?? reason
}
