import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { CHANNELS, diagnosticsBody, hubMessage, replyTo, subscriptions, WELCOME } from './events-hub-protocol.js'
import { listenTcp, urlHost, type HostPort } from './listen.js'
import type { FeedConnection, FeedServerOptions, MockServer } from './ws-serve.js'
import { FeedSockets } from './ws-serve.js'

/** Where and how the Events Hub mock listens, and which server it mimics. */
export interface EventsHubServerOptions extends FeedServerOptions {
  readonly listen: HostPort
  /** `v0.9.21` (5 channels, no protocol pings) or `v1.0.0` (11 channels, pings). */
  readonly server: string
  /** The bearer token (JWT) it accepts, in the header or the `access_token`/`authorization` query. */
  readonly token: string
  /** An API key it accepts, as `key:secret` (clients send it base64-encoded in `X-Api-Key`). */
  readonly apiKey?: string
  /** @default "/api" */
  readonly apiPrefix: string
  /** Protocol ping interval, in ms (v1.0.0). @default 30000 */
  readonly pingIntervalMs: number
  /** A client whose pong is later than this is dropped, in ms (v1.0.0). @default 45000 */
  readonly pongWaitMs: number
}

/** The Events Hub's write deadline (eventEmitter/client.go), in ms. */
const WRITE_DEADLINE_MS = 10_000

/** A connected client: the hub's channel map holds its subscriptions. */
type Client = object

/** Starts the Events Hub mock: the subscribe WebSocket and the unsubscribe endpoint, with auth before the upgrade. */
export async function startEventsHubServer(o: EventsHubServerOptions): Promise<MockServer> {
  const channels = CHANNELS[o.server] ?? CHANNELS['v1.0.0']!
  const sockets = new FeedSockets(o, true, WRITE_DEADLINE_MS)
  const clients = new Map<string, Client>()
  // The hub's own map from channel to subscribed clients: unsubscribe checks it (see unsubscribe()).
  const byChannel = new Map<string, Set<string>>()
  const prefix = o.apiPrefix.replace(/\/$/, '')
  const server = createServer()
  server.on('connection', (s: Socket) => sockets.track(s))
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://hub')
    if (url.pathname === `${prefix}/v1/ws/subscribe`) {
      if (!authorized(req, url, o))
        return send(res, 401, diagnosticsBody(401, 'authentication required', 'HandleWebSocketConnection'))
      // gorilla's Upgrader answers a plain request itself, in text; the handler's own 400 body is then lost.
      return void res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Request\n')
    }
    if (url.pathname === `${prefix}/v1/ws/unsubscribe` && req.method === 'POST') {
      if (!authorized(req, url, o))
        return send(res, 401, diagnosticsBody(401, 'authentication required', 'HandleUnsubscribe'))
      return void readBody(req).then((body) => unsubscribe(res, body, clients, byChannel, channels))
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n')
  })
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://hub')
    if (url.pathname !== `${prefix}/v1/ws/subscribe`)
      return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
    if (!authorized(req, url, o))
      return void socket.end(
        rawResponse(401, diagnosticsBody(401, 'authentication required', 'HandleWebSocketConnection')),
      )
    const subs = subscriptions(url.searchParams.get('event_types'), channels)
    sockets.upgrade(req, socket, head, (c) => {
      const id = randomUUID()
      clients.set(id, {})
      for (const ch of subs) (byChannel.get(ch) ?? byChannel.set(ch, new Set()).get(ch)!).add(id)
      socket.once('close', () => {
        clients.delete(id)
        for (const set of byChannel.values()) set.delete(id)
      })
      o.log(`connection ${c.number}: client ${id}, subscriptions ${subs.join(',')}`)
      c.outbox.send(hubMessage({ channel: 'global', message: WELCOME, body: { client_id: id, subscriptions: subs } }))
      c.ws.on('message', (data, isBinary) => {
        const reply = isBinary ? undefined : replyTo(String(data), id, channels)
        if (reply !== undefined) c.outbox.send(reply)
      })
      if (o.server !== 'v0.9.21') heartbeat(c, socket, o)
      void c.serve((frame) => byChannel.get(frame.channel)?.has(id) === true)
    })
  })
  const address = await listenTcp(server, o.listen)
  const base = `${urlHost(address)}${prefix}/v1/ws`
  return {
    banner: [
      `http://${base}/subscribe (Events Hub ${o.server}; token ${o.token}${o.apiKey === undefined ? '' : `, API key ${o.apiKey}`})`,
      `  connect: ws://${base}/subscribe?event_types=pdfm,orchestrator with "Authorization: Bearer ${o.token}"`,
      `  unsubscribe: POST http://${base}/unsubscribe {"client_id": …, "event_types": […]}`,
    ],
    close: () => sockets.close([server]),
  }
}

/** Protocol pings every interval; only pong frames move the read deadline (JSON pings do not). */
function heartbeat(c: FeedConnection, socket: Socket, o: EventsHubServerOptions): void {
  let deadline = setTimeout(expire, o.pongWaitMs)
  function expire(): void {
    o.manifest.fault('pong-timeout', c.number)
    c.outbox.destroy()
  }
  const ping = setInterval(() => c.outbox.ping(), o.pingIntervalMs)
  c.ws.on('pong', () => {
    clearTimeout(deadline)
    deadline = setTimeout(expire, o.pongWaitMs)
  })
  socket.once('close', () => {
    clearInterval(ping)
    clearTimeout(deadline)
  })
}

/** The credentials prl-devops-service accepts before the upgrade: Bearer, X-Api-Key, `access_token`, `authorization`. */
function authorized(req: IncomingMessage, url: URL, o: EventsHubServerOptions): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
  if (bearer === o.token) return true
  const key = req.headers['x-api-key']
  if (o.apiKey !== undefined && key === Buffer.from(o.apiKey).toString('base64')) return true
  if (url.searchParams.get('access_token') === o.token) return true
  const query = url.searchParams.get('authorization')
  return query !== null && query.replace(/^Bearer /, '') === o.token
}

/**
 * `POST /api/v1/ws/unsubscribe` (websocket_handler.go HandleUnsubscribe, main.go unsubscribeClientFromTypes):
 * 200 empty when all went; 200 with a message when some failed; 400 diagnostics otherwise. The user is never
 * checked. A type counts as subscribed when any client has it (the hub looks at its channel map), as upstream does.
 */
function unsubscribe(
  res: ServerResponse,
  body: string,
  clients: Map<string, Client>,
  byChannel: Map<string, Set<string>>,
  channels: readonly string[],
): void {
  const bad = (message: string): void => send(res, 400, diagnosticsBody(400, message, 'HandleUnsubscribe'))
  let request: { client_id?: unknown; event_types?: unknown }
  try {
    request = JSON.parse(body) as typeof request
  } catch {
    return bad(`Invalid request body: ${body.trim() === '' ? 'unexpected end of JSON input' : 'invalid character'}`)
  }
  const asked = Array.isArray(request.event_types) ? request.event_types.map(String) : []
  if (asked.length === 0) return bad('Invalid event_types body parameter')
  const types = asked.map((t) => t.trim().toLowerCase()).filter((t) => channels.includes(t))
  if (types.length === 0) {
    const invalid = asked.map((t) => t.trim()).join(', ')
    return bad(
      `No valid event types to unsubscribe: invalid event type(s): ${invalid}. Valid types are: ${channels.join(', ')}`,
    )
  }
  const id = typeof request.client_id === 'string' ? request.client_id : ''
  if (!clients.has(id)) return bad(`client ${id} does not exist`)
  const done: string[] = []
  let error: string | undefined
  for (const t of types) {
    if (t === 'global') continue
    const set = byChannel.get(t)
    if (set === undefined || set.size === 0) {
      error = `not subscribed to event type ${t}`
      continue
    }
    set.delete(id)
    if (set.size === 0) byChannel.delete(t)
    done.push(t)
  }
  if (types.includes('global')) error = 'cannot unsubscribe from global event type'
  if (done.length === 0) return bad(error ?? 'nothing to unsubscribe')
  if (error === undefined) return void res.writeHead(200).end()
  send(res, 200, JSON.stringify({ message: `${error} unsubscribed from: ${done.join(', ')}`, code: 200 }) + '\n')
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text))
  })
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(body)
}

function rawResponse(status: number, body: string): string {
  const reason = status === 401 ? 'Unauthorized' : 'Bad Request'
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
}
