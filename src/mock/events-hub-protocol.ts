import { randomBytes } from 'node:crypto'
import { goEscape, goTimestamp } from './go-json.js'

// The Parallels DevOps Events Hub protocol as prl-devops-service implements it (../shared/reference/events-hub.md
// §5; src/serviceprovider/eventEmitter/*.go): channels per server version, the event_types query, the messages the
// hub writes itself (welcome, pong, client-id, errors) and its HTTP error bodies. Pure functions; the server wires them.

/** The channels each version knows, in the order the server lists them in its errors. */
export const CHANNELS: Readonly<Record<string, readonly string[]>> = {
  'v0.9.21': ['global', 'pdfm', 'system', 'health', 'orchestrator'],
  'v1.0.0': [
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
  ],
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
