// A private RabbitMQ node for the scale-out benchmark, as test/helpers/rabbitmq.ts starts one for tests: its own
// node name, OS-chosen ports, its own epmd, everything in a temp folder; stopped by PID.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'
const EPMD = ['/usr/bin/epmd', '/usr/lib/erlang/bin/epmd'].find((p) => existsSync(p)) ?? 'epmd'

/** Whether the Debian rabbitmq-server is installed. */
export const rabbitInstalled = () => existsSync(SERVER)

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

async function waitForPort(port, ms, alive) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the process meant to listen on ${port} exited`)
    const open = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1')
      s.once('connect', () => (s.destroy(), resolve(true)))
      s.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`)
}

const exited = (child, ms) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(true)
    : new Promise((resolve) => {
        const t = setTimeout(() => resolve(false), ms)
        child.once('exit', () => (clearTimeout(t), resolve(true)))
      })

/** Starts a node; resolves with { url, stop } once its AMQP port accepts connections. */
export async function startRabbit() {
  const dir = mkdtempSync(join(tmpdir(), 'evcat-bench-rabbit-'))
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()]
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n')
  writeFileSync(join(dir, 'rabbitmq-env.conf'), '')
  const env = {
    ...process.env,
    HOME: dir,
    ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_NODENAME: `evcat-bench-${randomBytes(4).toString('hex')}@localhost`,
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
  const epmd = spawn(EPMD, ['-port', String(epmdPort)], { env, stdio: 'ignore' })
  const server = spawn(SERVER, [], { env, stdio: 'ignore', detached: true, cwd: dir })
  const alive = (pid) => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  const stop = async () => {
    const pidFile = join(dir, 'rabbit.pid')
    const vm = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN
    if (Number.isInteger(vm) && alive(vm)) process.kill(vm, 'SIGTERM')
    if (!(await exited(server, 20_000))) process.kill(-server.pid, 'SIGKILL')
    if (Number.isInteger(vm) && alive(vm)) process.kill(vm, 'SIGKILL')
    epmd.kill('SIGTERM')
    await exited(epmd, 5000)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitForPort(epmdPort, 10_000, () => epmd.exitCode === null)
    await waitForPort(port, 60_000, () => server.exitCode === null)
  } catch (error) {
    await stop()
    throw error
  }
  return { url: `amqp://guest:guest@127.0.0.1:${port}/`, stop }
}
