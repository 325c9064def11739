/** Why a connection attempt failed, as far as the socket, TLS or HTTP layer told. */
export interface ConnectFailure {
  /** Node's error code (ECONNREFUSED, ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT…), when there was one. */
  readonly code?: string
  /** The HTTP status when the server answered the upgrade with something else than 101. */
  readonly status?: number
  /** The server's error text (the JSON `error` field, or the start of the body). */
  readonly detail?: string
  /** The original message, for what nothing else explains. */
  readonly message: string
}

const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'EVCAT_CERT_PIN_MISMATCH',
])

/** The failure of an Error thrown or emitted by net, tls or ws. */
export function failureOf(error: unknown): ConnectFailure {
  const e = error as NodeJS.ErrnoException | undefined
  return {
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    message: e instanceof Error ? e.message : String(error),
  }
}

/** Whether trying again later can help: refused, reset, timed out or a 5xx; not bad names, paths or credentials. */
export function isTransient(f: ConnectFailure): boolean {
  if (f.status !== undefined) return f.status >= 500 || f.status === 429
  if (f.code === undefined) return true
  if (TLS_UNTRUSTED.has(f.code) || ['ENOTFOUND', 'EACCES', 'EPROTO', 'ENOENT'].includes(f.code)) return false
  return true
}

/** Whether the failure is about the server's TLS certificate. */
export function isCertificateFailure(f: ConnectFailure): boolean {
  return f.code !== undefined && TLS_UNTRUSTED.has(f.code)
}

/**
 * One line for the common network failures, naming `where` (host:port or socket path); undefined for the
 * ones a transport has to word itself (HTTP answers, certificates).
 */
export function describeNetworkFailure(f: ConnectFailure, where: string): string | undefined {
  switch (f.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where}: check that the server runs and listens there`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `unknown host in ${where}: check the address`
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no answer from ${where} (${f.code}): check the address and the firewall`
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return `the TLS handshake with ${where} failed (${f.code}): check the scheme (ws/wss, amqp/amqps, http/https) and the port`
    case 'ECONNRESET':
    case 'EPIPE':
      return `${where} closed the connection during the handshake (${f.code}): check the port and the protocol (ws/wss, amqp/amqps)`
    default:
      return undefined
  }
}
