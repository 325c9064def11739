// A small Events Hub written to the protocol of prl-devops-service (shared/reference/events-hub.md §5), for the
// tap's tests until `evcat mock serve events-hub` exists: auth before the upgrade (Bearer, X-Api-Key, or the
// token in the query), a welcome frame, targeted `pong` and `client-id` replies, protocol pings with a read
// deadline, frames written as Go's json.Encoder does (one object, then "\n"), and drops without a close frame.
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'

const CHANNELS = [
  'global',
  'pdfm',
  'system',
  'system_logs',
  'health',
  'orchestrator',
  'stats',
  'reverse_proxy',
  'catalog_cache',
  'job_manager',
  'auth',
]
const PATH = '/api/v1/ws/subscribe'

/** What the hub accepts and how it misbehaves. */
export interface HubOptions {
  readonly token?: string
  readonly apiKey?: string
  /** Protocol ping interval; a client that sends no pong within `pongWaitMs` is dropped. @default 30000 / 45000 */
  readonly pingIntervalMs?: number
  readonly pongWaitMs?: number
}

/** One connected client as the hub sees it. */
export interface HubClient {
  readonly id: string
  readonly subscriptions: string[]
  /** Every frame sent to it, exactly. */
  readonly sent: string[]
  /** Every frame it sent, as text. */
  readonly received: string[]
  pongs: number
  readonly socket: WebSocket
}

/** A running hub. */
export interface Hub {
  readonly url: string
  readonly clients: HubClient[]
  /** The live clients. */
  connected(): HubClient[]
  /** Sends a frame to every live client subscribed to its channel (`event_type`), or to all for non-JSON. */
  broadcast(frame: string): void
  /** Drops every connection without a close frame, as the hub does on a write error or its read deadline. */
  dropAll(): void
  /** Stop answering JSON pings (a hub that is stuck). */
  ignorePings: boolean
  /** Answer the upgrade with this status instead (503: the event service is not available). */
  refuseWith: number | undefined
  close(): Promise<void>
}

const hex64 = (): string => randomBytes(32).toString('hex')
/** A Go RFC3339Nano UTC timestamp (trailing zeros of the fraction trimmed). */
const goTime = (): string => new Date().toISOString().replace(/\.?0+Z$/, 'Z')

/** A frame as gorilla's WriteJSON writes an EventMessage: fields in struct order, then a newline. */
export function hubFrame(m: {
  refId?: string
  type: string
  message: string
  body?: unknown
  clientId?: string
}): string {
  const o: Record<string, unknown> = { id: hex64() }
  if (m.refId !== undefined) o['ref_id'] = m.refId
  Object.assign(o, { event_type: m.type, timestamp: goTime(), message: m.message })
  if (m.body !== undefined) o['body'] = m.body
  if (m.clientId !== undefined) o['client_id'] = m.clientId
  return JSON.stringify(o) + '\n'
}

/** Starts a hub on 127.0.0.1 at a port the OS picks. */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const http: Server = createServer((_req, res) => res.writeHead(400).end('not a websocket upgrade'))
  const wss = new WebSocketServer({ noServer: true })
  const clients: HubClient[] = []
  const hub: Hub = {
    url: '',
    clients,
    connected: () => clients.filter((c) => c.socket.readyState === 1),
    broadcast: (frame) => {
      let type: string | undefined
      try {
        type = (JSON.parse(frame) as { event_type?: string }).event_type
      } catch {
        type = undefined
      }
      for (const c of hub.connected()) if (type === undefined || c.subscriptions.includes(type)) send(c, frame)
    },
    dropAll: () => {
      for (const c of hub.connected()) c.socket.terminate()
    },
    ignorePings: false,
    refuseWith: undefined,
    close: async () => {
      for (const c of clients) c.socket.terminate()
      await new Promise((r) => wss.close(r))
      await new Promise((r) => http.close(r))
    },
  }
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://hub')
    const refuse = (status: number, message: string): void => {
      const body = JSON.stringify({ message, code: status })
      socket.end(
        `HTTP/1.1 ${status} ${message}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      )
    }
    if (url.pathname !== PATH) return refuse(404, 'not found')
    if (hub.refuseWith !== undefined) return refuse(hub.refuseWith, 'EventEmitter service is not available')
    if (!authorized(req, url, options)) return refuse(401, 'authentication required')
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, url))
  })
  const send = (c: HubClient, frame: string): void => {
    c.sent.push(frame)
    c.socket.send(frame)
  }
  const accept = (ws: WebSocket, url: URL): void => {
    const asked = (url.searchParams.get('event_types') ?? '').split(',').map((s) => s.trim().toLowerCase())
    const subscriptions = asked.filter((t) => CHANNELS.includes(t))
    if (!subscriptions.includes('global')) subscriptions.push('global')
    const client: HubClient = { id: randomUUID(), subscriptions, sent: [], received: [], pongs: 0, socket: ws }
    clients.push(client)
    send(
      client,
      hubFrame({
        type: 'global',
        message: 'WebSocket connection established subscribed to global by default',
        body: { client_id: client.id, subscriptions },
      }),
    )
    ws.on('message', (data) => reply(client, data.toString()))
    // The read deadline moves only with protocol pongs.
    let deadline = Date.now() + (options.pongWaitMs ?? 45_000)
    ws.on('pong', () => {
      client.pongs++
      deadline = Date.now() + (options.pongWaitMs ?? 45_000)
    })
    const pinger = setInterval(() => {
      if (Date.now() > deadline) return ws.terminate()
      ws.ping()
    }, options.pingIntervalMs ?? 30_000)
    ws.on('close', () => clearInterval(pinger))
  }
  const reply = (c: HubClient, text: string): void => {
    c.received.push(text)
    let m: { event_type?: unknown; message?: unknown; id?: unknown }
    try {
      m = JSON.parse(text) as typeof m
    } catch {
      return send(
        c,
        hubFrame({
          type: 'global',
          message: 'error',
          body: { error: 'invalid character looking for beginning of value' },
        }),
      )
    }
    const refId = typeof m.id === 'string' ? m.id : hex64()
    if (m.event_type === 'health' && m.message === 'ping' && !hub.ignorePings)
      send(c, hubFrame({ refId, type: 'health', message: 'pong', clientId: c.id }))
    if (m.event_type === 'system' && typeof m.message === 'string' && m.message.toLowerCase() === 'client-id')
      send(c, hubFrame({ refId, type: 'system', message: 'client-id', body: { 'client-id': c.id }, clientId: c.id }))
  }
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const address = http.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return Object.assign(hub, { url: `ws://127.0.0.1:${port}${PATH}` })
}

function authorized(req: IncomingMessage, url: URL, options: HubOptions): boolean {
  if (options.token === undefined && options.apiKey === undefined) return true
  const bearer = /^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1]
  const query = url.searchParams.get('access_token') ?? url.searchParams.get('authorization')?.replace(/^Bearer /, '')
  if (options.token !== undefined && (bearer === options.token || query === options.token)) return true
  return options.apiKey !== undefined && req.headers['x-api-key'] === options.apiKey
}
