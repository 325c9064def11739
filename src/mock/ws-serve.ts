import type { IncomingMessage, Server as HttpServer } from 'node:http'
import type { Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { feedFrames } from './feed.js'
import { Faults, type FaultPlan } from './faults.js'
import type { Manifest } from './manifest.js'
import { Outbox } from './outbox.js'
import { runSession } from './session.js'
import type { FeedData, FeedOptions, MockFrame } from './types.js'

/** What every mock server needs to serve a feed. */
export interface FeedServerOptions {
  readonly data: FeedData
  /** The feed's content options; `start` defaults to the moment each connection opens. */
  readonly feed: FeedOptions
  /** Frames per second per connection; as fast as each socket takes them when undefined. */
  readonly rate: number | undefined
  readonly manifest: Manifest
  readonly faults: FaultPlan | undefined
  /** Frames a connection may have queued before the oldest is evicted. @default 2048 */
  readonly queueLimit?: number
  /** A connection whose socket does not drain for this long is dropped, in ms. */
  readonly writeDeadlineMs?: number
  /** Where connection lines go (stderr in the CLI). */
  readonly log: (line: string) => void
}

/** A running mock server, as the CLI drives it. */
export interface MockServer {
  /** Where it listens and how to connect, one line each, for the banner. */
  readonly banner: readonly string[]
  /** Stops accepting, ends every connection and session, and resolves when all is closed. */
  close(): Promise<void>
}

/** One accepted WebSocket connection with its writer, for the platform's own protocol on top. */
export interface FeedConnection {
  readonly number: number
  readonly ws: WebSocket
  readonly outbox: Outbox
  /** Starts the feed; resolves when it ends. */
  serve(accepts: (frame: MockFrame) => boolean): Promise<void>
}

/**
 * The WebSocket side every mock server shares: upgrades requests with `ws` (which then reads the client's frames),
 * numbers connections, writes through an Outbox each, and runs each connection's own replay of the feed.
 */
export class FeedSockets {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false })
  private readonly sockets = new Set<Socket>()
  private readonly stop = new AbortController()
  private readonly sessions = new Set<Promise<void>>()
  private count = 0

  constructor(
    private readonly options: FeedServerOptions,
    private readonly newline: boolean,
    private readonly defaultDeadlineMs: number,
  ) {}

  /** Completes the upgrade of `req` and hands the connection over. */
  upgrade(req: IncomingMessage, socket: Socket, head: Buffer, onOpen: (c: FeedConnection) => void): void {
    this.track(socket)
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined) // a dropped or truncated connection is the point, not an error
      onOpen(this.connection(ws, socket))
    })
  }

  /** Tracks a socket so close() can end it; the HTTP servers call this for every connection. */
  track(socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
  }

  /** Aborts every session and drops every connection (as the platforms do on shutdown: no close frame). */
  async close(servers: readonly HttpServer[]): Promise<void> {
    this.stop.abort()
    for (const s of this.sockets) s.destroy()
    await Promise.all([...this.sessions])
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
  }

  private connection(ws: WebSocket, socket: Socket): FeedConnection {
    const number = ++this.count
    const o = this.options
    const outbox = new Outbox(socket, {
      connection: number,
      queueLimit: o.queueLimit ?? 2048,
      writeDeadlineMs: o.writeDeadlineMs ?? this.defaultDeadlineMs,
      newline: this.newline,
      manifest: o.manifest,
    })
    const serve = (accepts: (frame: MockFrame) => boolean): Promise<void> => {
      const ended = new AbortController()
      socket.once('close', () => ended.abort())
      const session = runSession({
        frames: feedFrames(o.data, { ...o.feed, start: o.feed.start ?? Date.now() }),
        rate: o.rate,
        accepts,
        outbox,
        manifest: o.manifest,
        faults: o.faults === undefined ? undefined : new Faults(o.faults, number),
        signal: either(this.stop.signal, ended.signal),
      }).finally(() => this.sessions.delete(session))
      this.sessions.add(session)
      return session
    }
    return { number, ws, outbox, serve }
  }
}

/** A signal that aborts when either does (AbortSignal.any needs Node 20.3). */
function either(a: AbortSignal, b: AbortSignal): AbortSignal {
  const both = new AbortController()
  const abort = (): void => both.abort()
  if (a.aborted || b.aborted) abort()
  a.addEventListener('abort', abort, { once: true })
  b.addEventListener('abort', abort, { once: true })
  return both.signal
}
