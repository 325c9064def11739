// A private RabbitMQ node per test file (and for bench/consumers.mjs): Debian's rabbitmq-server with its own node
// name, ports chosen by the OS, its own epmd on 127.0.0.1, and its database, logs and Erlang cookie in a temp folder.
// Nothing global is touched, so test files (and other engineers' tests and brokers) run side by side. Ready when the
// port answers the AMQP protocol header (polled, never a fixed sleep); stopped by PID: the broker's VM, then its epmd.
// Also the independent clients the tests use: Debian's python3-pika (publish) and amqp-tools (amqp-consume).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect as netConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The Debian package's own server script (the one in /usr/sbin switches to the rabbitmq user). */
export const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'
const CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl'
const EPMD = ['/usr/bin/epmd', '/usr/lib/erlang/bin/epmd'].find((p) => existsSync(p)) ?? 'epmd'

/** A running private broker. */
export interface RabbitNode {
  /** `amqp://guest:guest@127.0.0.1:PORT`, the default vhost (guest may log in from localhost). */
  readonly url: string
  readonly port: number
  readonly nodename: string
  /** Runs rabbitmqctl against this node and returns its stdout. */
  ctl(...args: string[]): Promise<string>
  /** Stops the broker and its epmd (by their process ids), and removes the temp folder. */
  stop(): Promise<void>
}

/** The independent clients a test may need besides the broker. */
export type RabbitClient = 'pika' | 'amqp-tools'

/** Whether this machine has the Debian rabbitmq-server (and rabbitmqctl). */
export function rabbitInstalled(): boolean {
  return existsSync(RABBITMQ_SERVER) && existsSync(CTL)
}

function clientInstalled(client: RabbitClient): boolean {
  if (client === 'amqp-tools') return spawnSync('amqp-consume', ['--help'], { stdio: 'ignore' }).error === undefined
  // Debian's python3-pika is importable from /usr/bin/python3 only (see the machine notes).
  return spawnSync('/usr/bin/python3', ['-c', 'import pika'], { stdio: 'ignore' }).status === 0
}

/**
 * Why a test that needs RabbitMQ (and these clients) is skipped, or undefined when it can run. With
 * EVCAT_REQUIRE_SERVERS=1 (set by .ci/run) a missing package throws instead, so CI never skips silently.
 */
export function rabbitSkipReason(clients: readonly RabbitClient[] = ['pika']): string | undefined {
  const missing = [
    ...(rabbitInstalled() ? [] : ['rabbitmq-server']),
    ...clients.filter((c) => !clientInstalled(c)).map((c) => (c === 'pika' ? 'python3-pika' : c)),
  ]
  if (missing.length === 0) return undefined
  const install = `apt-get install -y ${missing.join(' ')}`
  if (process.env['EVCAT_REQUIRE_SERVERS'] === '1')
    throw new Error(`EVCAT_REQUIRE_SERVERS=1 but ${missing.join(', ')} missing (${install})`)
  return `needs Debian ${missing.join(', ')} (${install})`
}

/** A port the OS says is free now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** Resolves once `probe(port)` is true, polling every 100 ms; fails early when `alive()` turns false. */
async function poll(port: number, timeoutMs: number, alive: () => boolean, probe: (port: number) => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the process meant to listen on ${port} exited`)
    if (await probe(port)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`nothing answers on 127.0.0.1:${port} after ${timeoutMs} ms`)
}

/** Resolves once something accepts TCP connections on the port, polling every 100 ms. */
export function waitForPort(port: number, timeoutMs: number, alive: () => boolean = () => true): Promise<void> {
  return poll(port, timeoutMs, alive, (p) => answers(p))
}

/**
 * Whether the port accepts a connection; with `amqp`, whether it answers an AMQP 0-9-1 protocol header with a
 * method frame (the broker's connection.start), which a port that is open but not yet serving does not.
 */
function answers(port: number, amqp = false): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect(port, '127.0.0.1')
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(2000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => (amqp ? socket.write(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1')) : done(true)))
    socket.once('data', (d: Buffer) => done(d[0] === 1))
  })
}

/** Waits for a child to exit, up to `ms`; true if it did. */
function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    child.once('exit', () => (clearTimeout(timer), resolve(true)))
  })
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The environment that points rabbitmq-server, rabbitmqctl and epmd at one private node in `dir`. */
function nodeEnv(dir: string, nodename: string, ports: readonly [number, number, number]): NodeJS.ProcessEnv {
  const [port, distPort, epmdPort] = ports
  return {
    ...process.env,
    HOME: dir,
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_NODENAME: nodename,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_PID_FILE: join(dir, 'rabbit.pid'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
  }
}

/** Starts a private node and resolves once it serves AMQP (about 5 s on an idle machine). */
export async function startRabbit(timeoutMs = 90_000): Promise<RabbitNode> {
  const dir = mkdtempSync(join(tmpdir(), 'evcat-rabbit-'))
  const ports = [await freePort(), await freePort(), await freePort()] as const
  const nodename = `evcat-${randomBytes(4).toString('hex')}@localhost`
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n')
  writeFileSync(join(dir, 'rabbitmq-env.conf'), '')
  const env = nodeEnv(dir, nodename, ports)
  // Our own epmd, in the foreground, so it is ours to stop (the node would otherwise start a daemon one).
  const epmd = spawn(EPMD, ['-port', String(ports[2]), '-address', '127.0.0.1'], { env, stdio: 'ignore' })
  const server = spawn(RABBITMQ_SERVER, [], { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true, cwd: dir })
  let stderr = ''
  server.stderr?.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)))
  const stop = async (): Promise<void> => {
    const pidFile = join(dir, 'rabbit.pid')
    const vm = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN
    if (Number.isInteger(vm) && pidAlive(vm)) process.kill(vm, 'SIGTERM')
    if (!(await exited(server, 20_000)) && server.pid !== undefined) process.kill(-server.pid, 'SIGKILL')
    if (Number.isInteger(vm) && pidAlive(vm)) process.kill(vm, 'SIGKILL')
    epmd.kill('SIGTERM')
    await exited(epmd, 5000)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitForPort(ports[2], 10_000, () => epmd.exitCode === null)
    await poll(
      ports[0],
      timeoutMs,
      () => server.exitCode === null,
      (p) => answers(p, true),
    )
  } catch (error) {
    await stop()
    throw new Error(`RabbitMQ did not start: ${(error as Error).message}\n${stderr}`)
  }
  const ctl = (...args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = spawn(CTL, ['-n', nodename, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      child.stdout.on('data', (d: Buffer) => void (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => void (err += d.toString()))
      child.on('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`rabbitmqctl ${args.join(' ')}: ${err}`)),
      )
    })
  return { url: `amqp://guest:guest@127.0.0.1:${ports[0]}`, port: ports[0], nodename, ctl, stop }
}
/** What to publish with pika: to a queue (declared, not durable) or to an exchange (declared when `exchangeType`). */
export interface PikaPublish {
  readonly url: string
  /** The lines of this file, each one message (its newline removed). */
  readonly file: string
  readonly queue?: string
  readonly exchange?: string
  readonly exchangeType?: string
  readonly routingKey?: string
  /** Message ids are `<prefix><n>`, 1-based. @default 'm' */
  readonly prefix?: string
  /** With a queue, wait until it holds every message (false when a consumer is already taking them). @default true */
  readonly waitForQueue?: boolean
}

/**
 * Publishes with an independent client, Debian's python3-pika. With a queue, resolves once the queue holds every
 * message (publishes are routed asynchronously) with its message count; with an exchange, with the number sent.
 */
export function publishWithPika(p: PikaPublish): Promise<number> {
  const script = `
import sys, time, pika
url, path, queue, exchange, xtype, key, prefix, wait = sys.argv[1:9]
conn = pika.BlockingConnection(pika.URLParameters(url))
ch = conn.channel()
if queue:
    ch.queue_declare(queue=queue)
if xtype:
    ch.exchange_declare(exchange=exchange, exchange_type=xtype)
n = 0
with open(path, 'rb') as f:
    for line in f:
        body = line[:-1] if line.endswith(b'\\n') else line
        n += 1
        ch.basic_publish(exchange=exchange, routing_key=queue or key, body=body,
                         properties=pika.BasicProperties(message_id=prefix + str(n)))
count = n
if queue and wait == '1':
    deadline = time.time() + 60
    while time.time() < deadline:
        count = ch.queue_declare(queue=queue, passive=True).method.message_count
        if count >= n:
            break
        conn.sleep(0.05)
conn.close()
print(count)
`
  const args = [
    p.url,
    p.file,
    p.queue ?? '',
    p.exchange ?? '',
    p.exchangeType ?? '',
    p.routingKey ?? '',
    p.prefix ?? 'm',
    p.waitForQueue === false ? '0' : '1',
  ]
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', ['-c', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()))
    child.on('exit', (code) =>
      code === 0 ? resolve(Number(out.trim())) : reject(new Error(`pika publish failed: ${err}`)),
    )
  })
}

/** The ready and unacknowledged message counts of a queue, from rabbitmqctl. */
export async function queueCounts(node: RabbitNode, queue: string): Promise<{ ready: number; unacked: number }> {
  const out = await node.ctl(
    'list_queues',
    '-q',
    '--no-table-headers',
    'name',
    'messages_ready',
    'messages_unacknowledged',
  )
  for (const row of out.split('\n')) {
    const [name, ready, unacked] = row.trim().split(/\s+/)
    if (name === queue) return { ready: Number(ready), unacked: Number(unacked) }
  }
  throw new Error(`no queue ${queue}: ${out}`)
}
