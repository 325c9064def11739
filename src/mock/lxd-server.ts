import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { listenTcp, listenUnix, urlHost, type HostPort } from './listen.js'
import { selfSignedCertificate } from './tls.js'
import { eventsQuery, lxdAccepts } from '../transport/lxd-protocol.js'
import { FeedSockets, type FeedServerOptions, type MockServer } from './ws-serve.js'

// The LXD side of `evcat mock serve lxd`: LXD's REST API as a client of /1.0/events meets it (shared/api/response.go
// for the bodies). The events query and its filtering, which the tap's client shares, are in lxd-protocol.ts.

/** Where and how the LXD mock listens. */
export interface LxdServerOptions extends FeedServerOptions {
  /** A unix socket path (`lxc` finds `$LXD_DIR/unix.socket`). */
  readonly socket?: string
  /** A TCP address, HTTPS unless `tls` is false (LXD serves its API over TCP with TLS only). */
  readonly listen?: HostPort
  /** @default true */
  readonly tls?: boolean
  /** Where to write the generated `server.crt` and `server.key` (kept); a temp folder, removed on close, when undefined. */
  readonly certDir?: string
}

/** LXD's write deadline for an event listener, in ms. */
const WRITE_DEADLINE_MS = 5000

/** Starts the LXD mock: `GET /1.0` and `GET /1.0/events` (a WebSocket), on a unix socket and/or TCP. */
export async function startLxdServer(o: LxdServerOptions): Promise<MockServer> {
  const sockets = new FeedSockets(o, true, WRITE_DEADLINE_MS)
  const servers: Server[] = []
  const banner: string[] = []
  const cleanups: (() => void)[] = []
  const handle = (req: IncomingMessage, res: ServerResponse): void => respond(req, res)
  const upgrade = (req: IncomingMessage, socket: Socket, head: Buffer): void =>
    onUpgrade(req, socket, head, sockets, o.log)
  const add = (server: Server): Server => {
    server
      .on('request', handle)
      .on('upgrade', upgrade)
      .on('connection', (s: Socket) => sockets.track(s))
    servers.push(server)
    return server
  }
  const close = async (): Promise<void> => {
    await sockets.close(servers)
    for (const c of cleanups) c()
  }
  try {
    if (o.socket !== undefined) {
      cleanups.push(await listenUnix(add(createHttpServer()), o.socket))
      const client = basename(o.socket) === 'unix.socket' ? `LXD_DIR=${dirname(o.socket)}` : `LXD_SOCKET=${o.socket}`
      banner.push(`unix socket ${o.socket}`, `  connect: ${client} lxc monitor --format json`)
    }
    if (o.listen !== undefined) {
      const tls = o.tls === false ? undefined : certificate(o, cleanups)
      const server = add(tls === undefined ? createHttpServer() : createHttpsServer(tls))
      const address = await listenTcp(server, o.listen)
      banner.push(
        tls === undefined ? `http://${urlHost(address)}` : `https://${urlHost(address)} (certificate ${tls.note})`,
        `  connect: ${tls === undefined ? 'ws' : 'wss'}://${urlHost(address)}/1.0/events?type=lifecycle,operation,logging`,
      )
    }
  } catch (error) {
    await close()
    throw error
  }
  return { banner, close }
}

/** The server's generated key and certificate, written to files a client can pin. */
function certificate(o: LxdServerOptions, cleanups: (() => void)[]): { key: string; cert: string; note: string } {
  const names = ['localhost', '127.0.0.1', '::1', ...(o.listen === undefined ? [] : [o.listen.host])]
  const pair = selfSignedCertificate([...new Set(names)])
  const dir = o.certDir ?? mkdtempSync(join(tmpdir(), 'evcat-mock-lxd-'))
  if (o.certDir === undefined) cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  else mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'server.crt'), pair.cert)
  writeFileSync(join(dir, 'server.key'), pair.key, { mode: 0o600 })
  return { ...pair, note: `${join(dir, 'server.crt')}, sha256 ${pair.fingerprint}` }
}

function onUpgrade(
  req: IncomingMessage,
  socket: Socket,
  head: Buffer,
  sockets: FeedSockets,
  log: (l: string) => void,
): void {
  const url = new URL(req.url ?? '/', 'http://lxd')
  if (req.method !== 'GET' || url.pathname !== '/1.0/events') {
    socket.end(rawHttp(404, errorBody(404, 'not found')))
    return
  }
  const query = eventsQuery(url)
  if (typeof query === 'string') {
    socket.end(rawHttp(400, errorBody(400, query)))
    return
  }
  sockets.upgrade(req, socket, head, (c) => {
    log(`connection ${c.number}: GET ${req.url ?? ''}`)
    void c.serve((frame) => lxdAccepts(query, frame)).then(() => log(`connection ${c.number}: feed ended`))
  })
}

function respond(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://lxd')
  if (req.method === 'GET' && url.pathname === '/') return json(res, 200, syncBody(['/1.0']))
  if (req.method === 'GET' && (url.pathname === '/1.0' || url.pathname === '/1.0/'))
    return json(res, 200, syncBody(serverInfo()))
  if (req.method === 'GET' && url.pathname === '/1.0/events') {
    const query = eventsQuery(url)
    const message =
      typeof query === 'string'
        ? query
        : "websocket: the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header"
    return json(res, 400, errorBody(400, message))
  }
  json(res, 404, errorBody(404, 'not found'))
}

/** What `GET /1.0` answers: enough of LXD's server info for `lxc` to go on (see servers.md). */
function serverInfo(): object {
  return {
    config: {},
    api_extensions: [
      'event_lifecycle',
      'event_location',
      'event_project',
      'event_lifecycle_requestor',
      'event_lifecycle_requestor_address',
    ],
    api_status: 'stable',
    api_version: '1.0',
    auth: 'trusted',
    public: false,
    auth_methods: ['tls'],
    environment: {
      addresses: [],
      architectures: ['x86_64'],
      driver: 'lxc',
      driver_version: '5.0.2',
      firewall: 'nftables',
      kernel: 'Linux',
      kernel_architecture: 'x86_64',
      kernel_version: '6.1.0',
      project: 'default',
      server: 'lxd',
      server_clustered: false,
      server_name: 'evcat-mock',
      server_pid: process.pid,
      server_version: '5.0.2',
      storage: 'dir',
    },
  }
}

function syncBody(metadata: unknown): object {
  return { type: 'sync', status: 'Success', status_code: 200, operation: '', error_code: 0, error: '', metadata }
}

function errorBody(code: number, error: string): object {
  return { type: 'error', status: '', status_code: 0, operation: '', error_code: code, error, metadata: null }
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body) + '\n')
}

function rawHttp(status: number, body: object): string {
  const text = JSON.stringify(body) + '\n'
  const reason = status === 400 ? 'Bad Request' : 'Not Found'
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`
}
