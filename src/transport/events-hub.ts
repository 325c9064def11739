import type WebSocket from 'ws'
import { describeNetworkFailure, isCertificateFailure, type ConnectFailure } from './failure.js'
import { SourceError, type Transport, type TransportContext } from './frame.js'
import {
  clientIdRequest,
  jsonPing,
  REFUSALS,
  subscribePath,
  subscribeRequest,
  targetedReply,
  type HubCredentials,
} from './events-hub-protocol.js'
import type { ReconnectPolicy } from './reconnect.js'
import type { WebSocketTarget } from './websocket.js'
import { websocketItems, type WebSocketSession } from './websocket-loop.js'

// The client side of the Events Hub's protocol (events-hub-protocol.ts holds both sides): auth before the
// upgrade, the client-id request, and JSON pings whose targeted pongs prove the hub alive, while ws answers the
// hub's protocol pings by itself. A hub that stops answering JSON pings is treated as gone: the socket is dropped
// and the time until the reconnect is a gap.

/** The default path of the subscribe endpoint. */
export const SUBSCRIBE_PATH = subscribePath()

/** How the tap subscribes and proves who it is. */
export interface EventsHubOptions extends HubCredentials {
  /** Channels (`pdfm`, `orchestrator`, `stats`…); the server adds `global`. @default only global */
  readonly eventTypes?: readonly string[]
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
  const { url: href, headers } = subscribeRequest(url, options.eventTypes, options)
  return { url: href, options: { headers } }
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
    ws.send(clientIdRequest(`${this.idPrefix}-client-id`))
    const interval = this.options.pingIntervalMs ?? 15_000
    const missed = this.options.missedPings ?? 2
    if (interval <= 0) return
    this.timer = setInterval(() => {
      if (this.unanswered >= missed) return kill(`no pong to ${this.unanswered} JSON pings`)
      this.unanswered++
      ws.send(jsonPing(`${this.idPrefix}-ping-${++this.pings}`))
    }, interval)
  }

  onFrame(data: Buffer): void {
    // Only targeted replies carry ref_id: everything else is passed on without being decoded here.
    if (data.indexOf('"ref_id"') === -1) return
    const reply = targetedReply(data.toString('utf8'))
    if (reply === undefined || !reply.refId.startsWith(this.idPrefix)) return
    if (reply.message === 'pong') this.unanswered = 0
    if (reply.message === 'client-id')
      this.context.log(`${this.name}: subscribed, client id ${reply.clientId ?? '(none)'}`)
  }

  onClose(): void {
    clearInterval(this.timer)
  }
}

/** One line saying what to check, for every way connecting to the Events Hub fails. */
export function describeHubFailure(f: ConnectFailure, url: URL): string {
  const detail = f.detail === undefined || f.detail === '' ? '' : ` ${f.detail}`
  if (f.status === REFUSALS.unauthorized.status || f.status === 403)
    return `the Events Hub refused the credentials (${f.status}${detail}): check --token or --api-key`
  if (f.status === 404) return `no WebSocket at ${url.pathname} (404): check the path (${SUBSCRIBE_PATH})`
  if (f.status === REFUSALS.unavailable.status)
    return `the Events Hub's event service is not available (503${detail}): check the server`
  if (f.status !== undefined) return `the server did not upgrade the connection (${f.status}${detail}): check the URL`
  if (isCertificateFailure(f))
    return `the server's certificate is not trusted for ${url.hostname} (${f.code}): check the address, or add its CA with NODE_EXTRA_CA_CERTS`
  return describeNetworkFailure(f, url.host) ?? `cannot connect to ${url.host}: ${f.message}`
}
