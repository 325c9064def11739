// A private RabbitMQ node for one test file: Debian's rabbitmq-server, started on ports the OS gives, with its own
// node name, epmd, data and log folders in a temp dir, so tests running in parallel (and other people's brokers on
// this machine) never meet. Self-contained: it needs only Node and the Debian packages.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The Debian package's own server script (the one in /usr/sbin switches to the rabbitmq user). */
export const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'
const EPMD = ['/usr/bin/epmd', '/usr/lib/erlang/bin/epmd'].find((p) => existsSync(p)) ?? 'epmd'

/** A running private broker. */
export interface RabbitNode {
  /** `amqp://guest:guest@127.0.0.1:PORT` (guest may log in from localhost). */
  readonly url: string
  readonly port: number
  /** Environment under which `rabbitmqctl` reaches this node. */
  readonly env: NodeJS.ProcessEnv
  /** Stops the node and its epmd (by their process ids) and removes the temp dir. */
  stop(): Promise<void>
}

/** Whether this machine has the broker (tests skip with a message when not, unless EVCAT_REQUIRE_SERVERS=1). */
export function hasRabbitMq(): boolean {
  return existsSync(RABBITMQ_SERVER)
}

/** A port the OS says is free now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Starts a private node and resolves once it accepts AMQP connections (polled, never a fixed sleep). */
export async function startRabbitMq(timeoutMs = 90_000): Promise<RabbitNode> {
  const dir = mkdtempSync(join(tmpdir(), 'evcat-rabbit-'))
  const [port, dist, epmdPort] = [await freePort(), await freePort(), await freePort()]
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: `evcat${randomBytes(4).toString('hex')}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(dist),
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_PID_FILE: join(dir, 'rabbit.pid'),
  }
  // Our own epmd first, so that we know its pid and stop it; the node registers with it.
  const epmd = spawn(EPMD, ['-port', String(epmdPort), '-address', '127.0.0.1'], {
    env,
    stdio: 'ignore',
    detached: true,
  })
  const server = spawn(RABBITMQ_SERVER, [], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  server.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)))
  server.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)))
  const node: RabbitNode = {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    port,
    env,
    stop: async () => {
      await stopGroup(server)
      await stopGroup(epmd)
      rmSync(dir, { recursive: true, force: true })
    },
  }
  const deadline = Date.now() + timeoutMs
  while (!(await amqpAnswers(port))) {
    if (server.exitCode !== null || Date.now() > deadline) {
      await node.stop()
      throw new Error(`rabbitmq-server did not come up on port ${port}:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  return node
}

/** Whether the port answers an AMQP 0-9-1 protocol header with a `connection.start` frame. */
function amqpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(2000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1')))
    // A method frame (type 1) on channel 0 is the broker's connection.start.
    socket.once('data', (d: Buffer) => done(d[0] === 1))
  })
}

/** SIGTERM to the process group started for `child`, SIGKILL if it is still there after 15 s. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    return
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // already gone
    }
  }, 15_000)
  await exited
  clearTimeout(timer)
}

/** Runs `rabbitmqctl` against the node (for assertions on queues and exchanges). */
export function rabbitmqctl(node: RabbitNode, args: readonly string[]): string {
  const r = spawnSync('/usr/lib/rabbitmq/bin/rabbitmqctl', [...args], {
    env: node.env,
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (r.status !== 0) throw new Error(`rabbitmqctl ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}
