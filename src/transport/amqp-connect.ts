import { connect, type ChannelModel } from 'amqplib'
import { describeNetworkFailure, failureOf, isCertificateFailure, type ConnectFailure } from './failure.js'
import { SourceError } from './frame.js'

/** An AMQP broker address, checked, with a name for logs that never shows the password. */
export interface AmqpAddress {
  readonly url: string
  readonly name: string
  readonly host: string
  readonly vhost: string
}

/** Parses `amqp[s]://[user[:password]@]host[:port][/vhost]`. */
export function parseAmqpUrl(spec: string): AmqpAddress {
  let url: URL
  try {
    url = new URL(spec)
  } catch {
    throw new SourceError(`bad AMQP address "${spec}": use amqp://USER:PASSWORD@HOST:5672/VHOST`)
  }
  if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:')
    throw new SourceError(`AMQP addresses start with amqp:// or amqps://, not "${url.protocol}//"`)
  const port = url.port === '' ? (url.protocol === 'amqps:' ? '5671' : '5672') : url.port
  const vhost = url.pathname === '' || url.pathname === '/' ? '/' : decodeURIComponent(url.pathname.slice(1))
  const user = url.username === '' ? '' : `${decodeURIComponent(url.username)}@`
  return {
    url: spec,
    name: `${url.protocol}//${user}${url.hostname}:${port}/${encodeURIComponent(vhost)}`,
    host: `${url.hostname}:${port}`,
    vhost,
  }
}

/** A broker error (connection or channel close): its AMQP reply code and text, when the broker gave them. */
export function brokerReply(error: unknown): { code?: number; text: string } {
  const message = error instanceof Error ? error.message : String(error)
  const m =
    /\b(\d{3}) \(([A-Z-]+)\)(?: with message "([^"]*)")?/.exec(message) ?? /\b(\d{3}) ([A-Z_]+) - ([^>]*)/.exec(message)
  if (m === null) return { text: message }
  return { code: Number(m[1]), text: (m[3] ?? m[2] ?? '').trim() }
}

/** Opens a connection; any failure becomes a ConnectFailure-carrying error for `describeAmqpFailure`. */
export async function connectAmqp(address: AmqpAddress, role: string): Promise<ChannelModel> {
  try {
    return await connect(address.url, { clientProperties: { connection_name: `evcat tap (${role})` }, timeout: 10_000 })
  } catch (error) {
    throw new AmqpConnectError(amqpFailure(error))
  }
}

/** Connecting to the broker failed. */
export class AmqpConnectError extends Error {
  constructor(readonly failure: ConnectFailure) {
    super(failure.message)
  }
}

function amqpFailure(error: unknown): ConnectFailure {
  const base = failureOf(error)
  // RabbitMQ closes the connection without a reply code when the vhost does not exist or is not allowed.
  if (/Expected ConnectionOpenOk/.test(base.message)) return { ...base, status: 530 }
  const reply = brokerReply(error)
  return reply.code === undefined ? base : { ...base, status: reply.code, detail: reply.text }
}

/** Whether retrying can help: a broker restarting or a network blip, not credentials, vhosts or names. */
export function isTransientAmqp(f: ConnectFailure): boolean {
  if (f.status === 403 || f.status === 530 || f.status === 404 || f.status === 402) return false
  if (f.code === 'ENOTFOUND' || (f.code !== undefined && isCertificateFailure(f))) return false
  return true
}

/** One line saying what to check, for every way connecting to the broker fails. */
export function describeAmqpFailure(f: ConnectFailure, address: AmqpAddress): string {
  if (f.status === 403)
    return `RabbitMQ refused the login (403 ${f.detail ?? ''}): check the user and password in the URL`
  if (f.status === 530)
    return `no access to vhost "${address.vhost}": check the vhost in the URL and the user's permissions on it`
  if (isCertificateFailure(f))
    return `the broker's certificate is not trusted (${f.code}): check the address, or add its CA with NODE_EXTRA_CA_CERTS`
  return describeNetworkFailure(f, address.host) ?? `cannot connect to ${address.name}: ${f.message}`
}

/** The one line for a queue or exchange that the broker does not have (evcat never declares them). */
export function describeMissing(error: unknown, what: string, address: AmqpAddress): string {
  const reply = brokerReply(error)
  if (reply.code === 404)
    return `no ${what} in vhost "${address.vhost}" on ${address.host}: check the name (evcat does not declare it)`
  if (reply.code === 403) return `no permission to use ${what} (403 ${reply.text}): check the user's permissions`
  return `cannot use ${what}: ${reply.text}`
}
