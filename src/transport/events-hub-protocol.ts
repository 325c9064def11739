import { randomBytes } from 'node:crypto'
import { goEscape, goTimestamp } from '../mock/go-json.js'
import { compareVersions, parseVersion } from '../runtime/version.js'

// The Parallels DevOps Events Hub protocol as prl-devops-service implements it (../shared/reference/events-hub.md
// §5; src/serviceprovider/eventEmitter/*.go), both sides in one place: what the tap's client (events-hub.ts) sends
// and reads, and what the mock's server (src/mock/events-hub-server.ts) accepts and writes. Pure functions. The
// channels each version has are catalog facts: the mock takes them from its feed data, not from here.

/** The API prefix prl-devops-service serves under unless configured otherwise. */
export const DEFAULT_API_PREFIX = '/api'

/** The subscribe WebSocket's path under an API prefix. */
export function subscribePath(prefix = DEFAULT_API_PREFIX): string {
  return `${prefix.replace(/\/$/, '')}/v1/ws/subscribe`
}

/** The REST unsubscribe endpoint's path under an API prefix. */
export function unsubscribePath(prefix = DEFAULT_API_PREFIX): string {
  return `${prefix.replace(/\/$/, '')}/v1/ws/unsubscribe`
}

/** The server's heartbeat: a protocol ping every 30 s, and a client whose pong is 45 s late is dropped. */
export const HEARTBEAT = { pingIntervalMs: 30_000, pongWaitMs: 45_000 } as const

/** The hub's write deadline (eventEmitter/client.go) and per-client queue (oldest evicted beyond it). */
export const WRITES = { deadlineMs: 10_000, queueLimit: 2048 } as const

/** The statuses the hub answers a subscribe request with instead of upgrading it, and their messages. */
export const REFUSALS = {
  unavailable: { status: 503, message: 'EventEmitter service is not available' },
  unauthorized: { status: 401, message: 'authentication required' },
} as const

/** Whether a server version sends protocol pings (v0.9.x had none). */
export function sendsProtocolPings(version: string): boolean {
  const v = parseVersion(version)
  return v === undefined || compareVersions(v, [1, 0, 0]) >= 0
}

/** How a client proves who it is: a JWT (in a header, or in the query) or an API key (base64 of `key:secret`). */
export interface HubCredentials {
  readonly token?: string
  readonly apiKey?: string
  /** Send the token as the `access_token` query parameter instead of `Authorization: Bearer`. */
  readonly queryAuth?: boolean
}

/** The subscribe URL and headers a client sends: `event_types` as a comma list, and its credentials. */
export function subscribeRequest(
  url: URL,
  eventTypes: readonly string[] | undefined,
  c: HubCredentials,
): { url: string; headers: Record<string, string> } {
  const u = new URL(url)
  if (eventTypes !== undefined && eventTypes.length > 0) u.searchParams.set('event_types', eventTypes.join(','))
  const headers: Record<string, string> = {}
  if (c.token !== undefined) {
    if (c.queryAuth === true) u.searchParams.set('access_token', c.token)
    else headers['Authorization'] = `Bearer ${c.token}`
  }
  if (c.apiKey !== undefined) headers['X-Api-Key'] = c.apiKey
  return { url: u.href, headers }
}

/**
 * Whether the server accepts a request's credentials, checked before the upgrade: `Authorization: Bearer JWT`,
 * `X-Api-Key` (base64 of the `key:secret` it knows), or the JWT in the `access_token` or `authorization` query.
 */
export function acceptsCredentials(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  url: URL,
  known: { readonly token: string; readonly apiKey?: string },
): boolean {
  const bearer = /^Bearer (.+)$/.exec(String(headers['authorization'] ?? ''))?.[1]
  if (bearer === known.token) return true
  const key = headers['x-api-key']
  if (known.apiKey !== undefined && key === Buffer.from(known.apiKey).toString('base64')) return true
  if (url.searchParams.get('access_token') === known.token) return true
  const query = url.searchParams.get('authorization')
  return query !== null && query.replace(/^Bearer /, '') === known.token
}

/** A client's JSON ping; the hub answers it with a `pong` whose `ref_id` is `id`. */
export function jsonPing(id: string): string {
  return JSON.stringify({ event_type: 'health', message: 'ping', id })
}

/** A client's request for its id; the hub answers with a `client-id` message whose body holds it. */
export function clientIdRequest(id: string): string {
  return JSON.stringify({ event_type: 'system', message: 'client-id', id })
}

/** A reply targeted at this client (it has a `ref_id`), as a client reads it; undefined for anything else. */
export function targetedReply(text: string): { refId: string; message: unknown; clientId?: string } | undefined {
  // Broadcasts never carry ref_id: only replies are parsed.
  if (!text.includes('"ref_id"')) return undefined
  let reply: { ref_id?: unknown; message?: unknown; body?: unknown }
  try {
    reply = JSON.parse(text) as typeof reply
  } catch {
    return undefined
  }
  if (typeof reply.ref_id !== 'string') return undefined
  const id = (reply.body as Record<string, unknown> | undefined)?.['client-id']
  return { refId: reply.ref_id, message: reply.message, ...(typeof id === 'string' ? { clientId: id } : {}) }
}

/** The welcome text, exactly (no semicolon, whatever the docs show). */
export const WELCOME = 'WebSocket connection established subscribed to global by default'

/**
 * The subscriptions of `event_types`: split on `,`, each trimmed and lower-cased, unknown names dropped without an
 * error, duplicates kept, and `global` added at the end unless listed. No parameter: `["global"]`.
 */
export function subscriptions(param: string | null, channels: readonly string[]): string[] {
  if (param === null) return ['global']
  const valid = param
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => channels.includes(t))
  return valid.includes('global') ? valid : [...valid, 'global']
}

/** One message the hub writes, with the envelope's fields in the struct's order (id, ref_id, event_type…). */
export interface HubMessage {
  readonly refId?: string
  readonly channel: string
  readonly message: string
  readonly body?: unknown
  readonly clientId?: string
}

/** The JSON text of a message the hub writes now: a fresh 64-hex id, the time in UTC to the microsecond. */
export function hubMessage(m: HubMessage): string {
  const value: Record<string, unknown> = { id: randomBytes(32).toString('hex') }
  if (m.refId !== undefined) value['ref_id'] = m.refId
  value['event_type'] = m.channel
  value['timestamp'] = nowStamp()
  value['message'] = m.message
  if (m.body !== undefined) value['body'] = m.body
  if (m.clientId !== undefined) value['client_id'] = m.clientId
  return goEscape(JSON.stringify(value))
}

/**
 * The hub's answer to one client frame (client_handler.go, health/service.go, system_handler.go), or undefined when
 * it answers nothing. Replies are targeted (ref_id, client_id), so the client need not subscribe to health or system.
 */
export function replyTo(text: string, clientId: string, channels: readonly string[]): string | undefined {
  let frame: unknown
  try {
    frame = JSON.parse(text)
  } catch {
    return hubMessage({ channel: 'global', message: 'error', body: { error: goDecodeError(text) } })
  }
  const f = (frame !== null && typeof frame === 'object' ? frame : {}) as Record<string, unknown>
  const type = typeof f['event_type'] === 'string' ? f['event_type'] : ''
  if (!channels.includes(type))
    return hubMessage({ channel: 'global', message: 'error', body: { error: `invalid message type ${type}` } })
  const refId = typeof f['id'] === 'string' ? f['id'] : randomBytes(32).toString('hex')
  const targeted = { refId, clientId }
  const message = f['message']
  if (type === 'health')
    return message === 'ping' ? hubMessage({ ...targeted, channel: 'health', message: 'pong' }) : undefined
  if (type === 'system') {
    if (message !== undefined && typeof message !== 'string') {
      const error = `json: cannot unmarshal ${goKind(message)} into Go struct field .message of type string`
      return hubMessage({ ...targeted, channel: 'system', message: 'error', body: { error } })
    }
    return typeof message === 'string' && message.toLowerCase() === 'client-id'
      ? hubMessage({ ...targeted, channel: 'system', message: 'client-id', body: { 'client-id': clientId } })
      : undefined
  }
  const error = `no handlers registered for type ${type}`
  return hubMessage({ ...targeted, channel: 'global', message: 'error', body: { error } })
}

/** What Go's encoding/json says about text that is not JSON (the two forms clients meet). */
export function goDecodeError(text: string): string {
  const trimmed = text.trim()
  if (trimmed === '' || /end of JSON input|Unterminated/i.test(parseError(text))) return 'unexpected end of JSON input'
  return `invalid character '${trimmed[0]}' looking for beginning of value`
}

function parseError(text: string): string {
  try {
    JSON.parse(text)
    return ''
  } catch (error) {
    return (error as Error).message
  }
}

function goKind(value: unknown): string {
  if (typeof value === 'number') return 'number'
  if (typeof value === 'boolean') return 'bool'
  if (Array.isArray(value)) return 'array'
  return value === null ? 'null' : 'object'
}

/**
 * An `ApiErrorDiagnosticsResponse` (models/api_error_diagnostics_response.go): the message is the diagnostics'
 * summary text, and `diagnostics` is the Go struct without json tags (so its field names are capitalized).
 */
export function diagnosticsBody(code: number, message: string, operation: string): string {
  const start = nowStamp()
  const error = { Code: String(code), Message: message, Timestamp: start, Component: '', Metadata: null }
  const path = (op: string) => ({
    Operation: op,
    Component: 'diagnostics',
    Timestamp: start,
    Duration: 0,
    Metadata: null,
    LineNumber: 0,
    FileName: '',
    FunctionName: '',
  })
  const summary = `Operation: api error response\nDuration: 12µs\nErrors: 1\nWarnings: 0\n\nErrors:\n  1. [${code}] ${message}\n`
  const diagnostics = {
    Operation: 'api error response',
    StartTime: start,
    EndTime: start,
    Path: [path('api error response'), path(operation)],
    Errors: [error],
    Warnings: [],
    Metadata: {},
  }
  return goEscape(JSON.stringify({ message: summary, diagnostics, code })) + '\n'
}

function nowStamp(): string {
  const ms = Date.now()
  const micros = Number(process.hrtime.bigint() % 1000n)
  return goTimestamp(ms, (ms % 1000) * 1_000_000 + micros * 1000)
}
