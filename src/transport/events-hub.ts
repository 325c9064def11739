import type WebSocket from 'ws'
import { describeNetworkFailure, isCertificateFailure, type ConnectFailure } from './failure.js'
import { SourceError, type Transport, type TransportContext } from './frame.js'
import type { ReconnectPolicy } from './reconnect.js'
import type { WebSocketTarget } from './websocket.js'
import { websocketItems, type WebSocketSession } from './websocket-loop.js'

// The protocol, as the Events Hub's server code has it (shared/reference/events-hub.md §5):
// - GET /api/v1/ws/subscribe?event_types=a,b upgraded to a WebSocket; auth is checked before the upgrade:
//   `Authorization: Bearer JWT`, `X-Api-Key: base64(key:secret)`, or the JWT in the query (`access_token`).
// - The server sends a protocol ping every 30 s and drops a client whose pong does not come within 45 s (ws
//   answers protocol pings by itself). It drops connections without a close frame (clients see 1006).
// - Client frames are JSON: {"event_type":"health","message":"ping","id":ID} is answered with a `pong` whose
//   ref_id is ID, {"event_type":"system","message":"client-id","id":ID} with the client's id. Replies are
//   targeted, so they come without subscribing to `health` or `system`. A hub that stops answering JSON pings
//   is treated as gone: the socket is dropped and the time until the reconnect is a gap.

/** The default path of the subscribe endpoint. */
export const SUBSCRIBE_PATH = '/api/v1/ws/subscribe'

/** How the tap subscribes and proves who it is. */
export interface EventsHubOptions {
  /** Channels (`pdfm`, `orchestrator`, `stats`…); the server adds `global`. @default only global */
  readonly eventTypes?: readonly string[]
  /** A JWT, sent as `Authorization: Bearer` (or in the query with `queryAuth`). */
  readonly token?: string
  /** An API key (base64 of `key:secret`), sent as `X-Api-Key`. */
  readonly apiKey?: string
  /** Send the token as the `access_token` query parameter instead of a header. @default false */
  readonly queryAuth?: boolean
  /** Milliseconds between JSON pings; 0 sends none. @default 15000 */
  readonly pingIntervalMs?: number
  /** Unanswered JSON pings after which the connection counts as dead. @default 2 */
  readonly missedPings?: number
  readonly reconnect: ReconnectPolicy
}

/** Parses `events-hub:ws[s]://HOST[:PORT][/PATH]`; the path defaults to /api/v1/ws/subscribe. */
export function parseEventsHubSource(spec: string): URL {
  const rest = spec.replace(/^events-hub:/, '')
  let url: URL
  try {
    url = new URL(rest)
  } catch {
    throw new SourceError(`bad Events Hub address "${rest}": use events-hub:wss://HOST${SUBSCRIBE_PATH}`)
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new SourceError(`Events Hub addresses start with ws:// or wss://, not "${url.protocol}//"`)
  if (url.pathname === '/' || url.pathname === '') url.pathname = SUBSCRIBE_PATH
  return url
}

/** A transport for the Events Hub's subscribe WebSocket, with its heartbeats and client-id request. */
export function eventsHubTransport(url: URL, options: EventsHubOptions): Transport {
  const name = `events-hub:${url.origin}${url.pathname}`
  const target = hubTarget(url, options)
  const describe = (f: ConnectFailure): string => describeHubFailure(f, url)
  return {
    name,
    items: (context) =>
      websocketItems(
        { name, target, describe, policy: options.reconnect, session: () => new HubSession(name, options, context) },
        context,
      ),
  }
}

function hubTarget(url: URL, options: EventsHubOptions): WebSocketTarget {
  if (options.queryAuth === true && options.token === undefined)
    throw new SourceError(
      '--query-auth sends the --token in the query: give --token (an API key only goes in a header)',
    )
  const u = new URL(url)
  if (options.eventTypes !== undefined && options.eventTypes.length > 0)
    u.searchParams.set('event_types', options.eventTypes.join(','))
  const headers: Record<string, string> = {}
  if (options.token !== undefined) {
    if (options.queryAuth === true) u.searchParams.set('access_token', options.token)
    else headers['Authorization'] = `Bearer ${options.token}`
  }
  if (options.apiKey !== undefined) headers['X-Api-Key'] = options.apiKey
  return { url: u.href, options: { headers } }
}

/** The client side of one connection: the client-id request, JSON pings, and the liveness verdict. */
class HubSession implements WebSocketSession {
  private timer: NodeJS.Timeout | undefined
  private unanswered = 0
  private pings = 0
  private readonly idPrefix = `evcat-${process.pid}-${Date.now().toString(36)}`

  constructor(
    private readonly name: string,
    private readonly options: EventsHubOptions,
    private readonly context: TransportContext,
  ) {}

  onOpen(ws: WebSocket, kill: (reason: string) => void): void {
    ws.send(JSON.stringify({ event_type: 'system', message: 'client-id', id: `${this.idPrefix}-client-id` }))
    const interval = this.options.pingIntervalMs ?? 15_000
    const missed = this.options.missedPings ?? 2
    if (interval <= 0) return
    this.timer = setInterval(() => {
      if (this.unanswered >= missed) return kill(`no pong to ${this.unanswered} JSON pings`)
      this.unanswered++
      ws.send(JSON.stringify({ event_type: 'health', message: 'ping', id: `${this.idPrefix}-ping-${++this.pings}` }))
    }, interval)
  }

  onFrame(data: Buffer): void {
    // Only targeted replies carry ref_id: everything else is passed on without being parsed here.
    if (data.indexOf('"ref_id"') === -1) return
    let reply: { ref_id?: unknown; message?: unknown; body?: unknown }
    try {
      reply = JSON.parse(data.toString('utf8')) as typeof reply
    } catch {
      return
    }
    if (typeof reply.ref_id !== 'string' || !reply.ref_id.startsWith(this.idPrefix)) return
    if (reply.message === 'pong') this.unanswered = 0
    if (reply.message === 'client-id') {
      const id = (reply.body as Record<string, unknown> | undefined)?.['client-id']
      this.context.log(`${this.name}: subscribed, client id ${typeof id === 'string' ? id : '(none)'}`)
    }
  }

  onClose(): void {
    clearInterval(this.timer)
  }
}

/** One line saying what to check, for every way connecting to the Events Hub fails. */
export function describeHubFailure(f: ConnectFailure, url: URL): string {
  const detail = f.detail === undefined || f.detail === '' ? '' : ` ${f.detail}`
  if (f.status === 401 || f.status === 403)
    return `the Events Hub refused the credentials (${f.status}${detail}): check --token or --api-key`
  if (f.status === 404) return `no WebSocket at ${url.pathname} (404): check the path (${SUBSCRIBE_PATH})`
  if (f.status === 503) return `the Events Hub's event service is not available (503${detail}): check the server`
  if (f.status !== undefined) return `the server did not upgrade the connection (${f.status}${detail}): check the URL`
  if (isCertificateFailure(f))
    return `the server's certificate is not trusted for ${url.hostname} (${f.code}): check the address, or add its CA with NODE_EXTRA_CA_CERTS`
  return describeNetworkFailure(f, url.host) ?? `cannot connect to ${url.host}: ${f.message}`
}
