import { X509Certificate } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { PeerCertificate } from 'node:tls'
import type { ClientOptions } from 'ws'
import { describeNetworkFailure, isCertificateFailure, type ConnectFailure } from './failure.js'
import { SourceError, type Transport } from './frame.js'
import { eventsPath, LXD_SOCKETS, PROJECT_AND_ALL } from './lxd-protocol.js'
import type { ReconnectPolicy } from './reconnect.js'
import type { WebSocketTarget } from './websocket.js'
import { websocketItems } from './websocket-loop.js'

/** An LXD server: its local unix socket, or its HTTPS address. */
export type LxdEndpoint =
  { readonly kind: 'unix'; readonly socket: string } | { readonly kind: 'https'; readonly url: URL }

/** What `/1.0/events` is asked for, and how the tap proves who it is over HTTPS. */
export interface LxdOptions {
  /** Event types (`lifecycle`, `logging`, `operation`…); all the caller may see when absent. */
  readonly types?: readonly string[]
  /** Only this project's events. @default the server's default project */
  readonly project?: string
  /** Events of every project. @default false */
  readonly allProjects?: boolean
  /** Client certificate and key (PEM). @default ~/.config/lxc/client.{crt,key} (or the snap's lxc config) */
  readonly cert?: string
  readonly key?: string
  /** The server's certificate (PEM file) to pin; without it the system's CAs must trust the server. */
  readonly serverCert?: string
  readonly reconnect: ReconnectPolicy
}

/** Parses `lxd:unix`, `lxd:unix:PATH` or `lxd:https://HOST[:PORT]`; `env` gives LXD_DIR. */
export function parseLxdSource(spec: string, env: NodeJS.ProcessEnv = process.env): LxdEndpoint {
  const rest = spec.replace(/^lxd:?/, '')
  if (rest === '' || rest === 'unix') return { kind: 'unix', socket: defaultSocket(env) }
  if (rest.startsWith('unix:')) return { kind: 'unix', socket: rest.slice('unix:'.length) }
  if (rest.startsWith('https://')) {
    const url = new URL(rest)
    if (url.port === '') url.port = '8443'
    return { kind: 'https', url }
  }
  throw new SourceError(`unknown LXD source "${spec}": use lxd:unix, lxd:unix:PATH or lxd:https://HOST:8443`)
}

/** `$LXD_DIR/unix.socket`, else the first of LXD_SOCKETS that exists, else the Debian path. */
function defaultSocket(env: NodeJS.ProcessEnv): string {
  const dir = env['LXD_DIR']
  if (dir !== undefined && dir !== '') return join(dir, 'unix.socket')
  return LXD_SOCKETS.find((p) => existsSync(p)) ?? LXD_SOCKETS[0]
}

/** The `/1.0/events` path for the options; a query LXD would refuse is refused here first. */
export function lxdEventsPath(options: Pick<LxdOptions, 'types' | 'project' | 'allProjects'>): string {
  if (options.allProjects === true && options.project !== undefined)
    throw new SourceError(`--project and --all-projects exclude each other (LXD answers 400: ${PROJECT_AND_ALL})`)
  return eventsPath({
    types: options.types ?? [],
    ...(options.project === undefined ? {} : { project: options.project }),
    allProjects: options.allProjects === true,
  })
}

/** A transport for LXD's `/1.0/events`, over the unix socket or HTTPS with a client certificate. */
export function lxdTransport(endpoint: LxdEndpoint, options: LxdOptions): Transport {
  const path = lxdEventsPath(options)
  const name = endpoint.kind === 'unix' ? `lxd:unix:${endpoint.socket}` : `lxd:${endpoint.url.origin}`
  const target = endpoint.kind === 'unix' ? unixTarget(endpoint.socket, path) : httpsTarget(endpoint.url, path, options)
  const describe = (f: ConnectFailure): string => describeLxdFailure(f, endpoint, options)
  return {
    name,
    items: (context) => websocketItems({ name, target, describe, policy: options.reconnect }, context),
  }
}

function unixTarget(socket: string, path: string): WebSocketTarget {
  return { url: `ws+unix://${socket}:${path}`, options: {} }
}

/** Where the lxc client keeps its certificate: ~/.config/lxc, or the snap's ~/snap/lxd/common/config. */
function lxcConfigDir(): string {
  const snap = join(homedir(), 'snap', 'lxd', 'common', 'config')
  const debian = join(homedir(), '.config', 'lxc')
  return !existsSync(join(debian, 'client.crt')) && existsSync(join(snap, 'client.crt')) ? snap : debian
}

function httpsTarget(url: URL, path: string, options: LxdOptions): WebSocketTarget {
  const dir = lxcConfigDir()
  const cert = options.cert ?? join(dir, 'client.crt')
  const key = options.key ?? join(dir, 'client.key')
  const read = (file: string, what: string, hint: string): Buffer => {
    try {
      return readFileSync(file)
    } catch {
      throw new SourceError(`no ${what} at ${file}: ${hint}`)
    }
  }
  const tls = {
    cert: read(cert, 'client certificate', 'give --cert and --key (lxc makes them on "lxc remote add")'),
    key: read(key, 'client key', 'give --key with the key of --cert'),
  }
  const wss = `wss://${url.host}${path}`
  if (options.serverCert === undefined) return { url: wss, options: tls }
  const pem = read(
    options.serverCert,
    'server certificate',
    'check --server-cert (the server has it in /var/lib/lxd/server.crt)',
  )
  // ws types checkServerIdentity narrower than tls does; it hands the option to tls.connect unchanged.
  const checkServerIdentity = pinned(pem, options.serverCert) as unknown as ClientOptions['checkServerIdentity']
  return { url: wss, options: { ...tls, ca: pem, checkServerIdentity } }
}

/**
 * The server's certificate must be exactly the pinned one, as `lxc` pins a remote's certificate: the chain is
 * checked against it alone (the `ca` option), and the host name is not, since LXD's self-signed certificate
 * rarely names the address it is reached at.
 */
function pinned(pem: Buffer, file: string): (host: string, cert: PeerCertificate) => Error | undefined {
  let expected: string
  try {
    expected = new X509Certificate(pem).fingerprint256
  } catch {
    throw new SourceError(`--server-cert ${file} is not a PEM certificate`)
  }
  return (_host, cert) => {
    if (cert.fingerprint256 === expected) return undefined
    return Object.assign(new Error(`certificate ${cert.fingerprint256} is not the pinned ${expected}`), {
      code: 'EVCAT_CERT_PIN_MISMATCH',
    })
  }
}

/** One line saying what to check, for every way connecting to LXD fails. */
export function describeLxdFailure(f: ConnectFailure, endpoint: LxdEndpoint, options: LxdOptions): string {
  if (endpoint.kind === 'unix') {
    const socket = endpoint.socket
    if (f.code === 'ENOENT')
      return `no LXD socket at ${socket}: is LXD running? Give lxd:unix:PATH or set LXD_DIR (snap: ${LXD_SOCKETS[1]})`
    if (f.code === 'EACCES') return `permission denied on ${socket}: run as root or as a member of the lxd group`
    if (f.code === 'ECONNREFUSED') return `nothing listens on ${socket}: start LXD (the socket is left from an old run)`
    if (f.code === 'ENOTSOCK') return `${socket} is not a socket: check the path`
  }
  const where = endpoint.kind === 'unix' ? endpoint.socket : endpoint.url.host
  if (f.status === 403)
    return endpoint.kind === 'https'
      ? `LXD does not trust the client certificate (403 ${f.detail ?? ''}): add it on the server with "lxc config trust add ${options.cert ?? '~/.config/lxc/client.crt'}"`
      : `LXD refused the request (403 ${f.detail ?? ''}): check the user's rights`
  if (f.status === 404) return `no /1.0/events at ${where} (404): is this an LXD server?`
  // An unknown type or project is a 400 on current LXD and a 500 on 5.0.
  if (f.status !== undefined)
    return `LXD refused the request (${f.status}: ${f.detail ?? ''}): check --type and --project`
  if (isCertificateFailure(f))
    return options.serverCert !== undefined
      ? `the server's certificate does not match --server-cert ${options.serverCert} (${f.code}): check the address, or fetch the server's current certificate`
      : `the server's certificate is not trusted (${f.code}): pin it with --server-cert FILE (the server's /var/lib/lxd/server.crt)`
  return describeNetworkFailure(f, where) ?? `cannot connect to ${where}: ${f.message}`
}
