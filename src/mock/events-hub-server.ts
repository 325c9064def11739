import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import {
  acceptsCredentials,
  diagnosticsBody,
  hubMessage,
  REFUSALS,
  replyTo,
  sendsProtocolPings,
  subscribePath,
  subscriptions,
  unsubscribePath,
  WELCOME,
  WRITES,
} from '../transport/events-hub-protocol.js'
import { listenTcp, urlHost, type HostPort } from './listen.js'
import type { FeedConnection, FeedServerOptions, MockServer } from './ws-serve.js'
import { FeedSockets } from './ws-serve.js'

/** Where and how the Events Hub mock listens, and which server it mimics. */
export interface EventsHubServerOptions extends FeedServerOptions {
  readonly listen: HostPort
  /** A known server version (the catalog's) to mimic: its channels, and protocol pings from v1.0.0 on. @default any */
  readonly server?: string
  /** The bearer token (JWT) it accepts, in the header or the `access_token`/`authorization` query. */
  readonly token: string
  /** An API key it accepts, as `key:secret` (clients send it base64-encoded in `X-Api-Key`). */
  readonly apiKey?: string
  /** @default "/api" */
  readonly apiPrefix: string
  /** Protocol ping interval, in ms (v1.0.0 on). @default 30000 */
  readonly pingIntervalMs: number
  /** A client whose pong is later than this is dropped, in ms (v1.0.0 on). @default 45000 */
  readonly pongWaitMs: number
  /** Answer every subscribe request with 503, as a hub whose event service did not start. @default false */
  readonly unavailable?: boolean
}

/** A connected client: the hub's channel map holds its subscriptions. */
type Client = object

/** Starts the Events Hub mock: the subscribe WebSocket and the unsubscribe endpoint, with auth before the upgrade. */
export async function startEventsHubServer(o: EventsHubServerOptions): Promise<MockServer> {
  const channels = hubChannels(o)
  const sockets = new FeedSockets(o, true, WRITES.deadlineMs)
  const clients = new Map<string, Client>()
  // The hub's own map from channel to subscribed clients: unsubscribe checks it (see unsubscribe()).
  const byChannel = new Map<string, Set<string>>()
  const [subscribe, unsubscribe] = [subscribePath(o.apiPrefix), unsubscribePath(o.apiPrefix)]
  const authorized = (req: IncomingMessage, url: URL): boolean => acceptsCredentials(req.headers, url, o)
  const server = createServer()
  server.on('connection', (s: Socket) => sockets.track(s))
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://hub')
    if (url.pathname === subscribe) {
      const refusal = refused(o, authorized(req, url))
      if (refusal !== undefined) return send(res, refusal.status, refusal.body)
      // gorilla's Upgrader answers a plain request itself, in text; the handler's own 400 body is then lost.
      return void res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Request\n')
    }
    if (url.pathname === unsubscribe && req.method === 'POST') {
      if (!authorized(req, url))
        return send(res, 401, diagnosticsBody(401, REFUSALS.unauthorized.message, 'HandleUnsubscribe'))
      return void readBody(req).then((body) => unsubscribeAnswer(res, body, clients, byChannel, channels))
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n')
  })
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://hub')
    if (url.pathname !== subscribe) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
    const refusal = refused(o, authorized(req, url))
    if (refusal !== undefined) return void socket.end(rawResponse(refusal.status, refusal.body))
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
      if (o.server === undefined || sendsProtocolPings(o.server)) heartbeat(c, socket, o)
      void c.serve((frame) => byChannel.get(frame.channel)?.has(id) === true)
    })
  })
  const address = await listenTcp(server, o.listen)
  const base = `${urlHost(address)}${o.apiPrefix.replace(/\/$/, '')}/v1/ws`
  return {
    banner: [
      `http://${base}/subscribe (Events Hub ${o.server ?? 'of any known version'}${o.unavailable === true ? ', event service unavailable: 503' : ''}; token ${o.token}${o.apiKey === undefined ? '' : `, API key ${o.apiKey}`})`,
      `  connect: ws://${base}/subscribe?event_types=pdfm,orchestrator with "Authorization: Bearer ${o.token}"`,
      `  unsubscribe: POST http://${base}/unsubscribe {"client_id": …, "event_types": […]}`,
    ],
    close: () => sockets.close([server]),
  }
}

/**
 * The channels `event_types` accepts, from the catalog's version facts (the feed data): the mimicked version's, or
 * every known version's (in catalog order) when it mimics none.
 */
function hubChannels(o: EventsHubServerOptions): readonly string[] {
  if (o.server === undefined) return o.data.channels ?? []
  const channels = o.data.servers?.find((s) => s.version === o.server)?.channels
  if (channels === undefined) throw new RangeError(`the feed data knows no Events Hub version ${o.server}`)
  return channels
}

/** Why a subscribe request is not upgraded, in the hub's order: the event service first, then the credentials. */
function refused(o: EventsHubServerOptions, authorized: boolean): { status: number; body: string } | undefined {
  const op = 'HandleWebSocketConnection'
  if (o.unavailable === true) {
    const { status, message } = REFUSALS.unavailable
    return { status, body: diagnosticsBody(status, message, op) }
  }
  if (authorized) return undefined
  const { status, message } = REFUSALS.unauthorized
  return { status, body: diagnosticsBody(status, message, op) }
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

/**
 * `POST /api/v1/ws/unsubscribe` (websocket_handler.go HandleUnsubscribe, main.go unsubscribeClientFromTypes):
 * 200 empty when all went; 200 with a message when some failed; 400 diagnostics otherwise. The user is never
 * checked. A type counts as subscribed when any client has it (the hub looks at its channel map), as upstream does.
 */
function unsubscribeAnswer(
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
  const reason = { 401: 'Unauthorized', 503: 'Service Unavailable' }[status] ?? 'Bad Request'
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
}
