// evcat tap lxd:… against the real Debian LXD daemon that test/lxd/run-capture.sh starts (CI runs it before the
// tests; it leaves the daemon running). The tap must record exactly what the project's own capture tool
// (test/lxd/capture.mjs) records from the same daemon in the same run, over the unix socket and over HTTPS.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../helpers/rabbitmq.js'
import { evcat, lines, scratch, waitFor, type Evcat } from './helpers.js'

const dir = scratch()
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const RUN = `evctap${randomBytes(3).toString('hex')}`

/** Runs lxc and returns its stdout; throws with its stderr on failure. */
function lxc(...args: string[]): string {
  const r = spawnSync('lxc', args, { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`lxc ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

function lxdSkipReason(): string | undefined {
  const ok = spawnSync('lxc', ['query', '/1.0'], { stdio: 'ignore', timeout: 15_000 }).status === 0
  if (ok) return undefined
  if (process.env['EVCAT_REQUIRE_SERVERS'] === '1')
    throw new Error('EVCAT_REQUIRE_SERVERS=1 but no LXD daemon answers: start one with test/lxd/run-capture.sh')
  return 'needs a running LXD daemon (test/lxd/run-capture.sh installs and starts Debian lxd; root only)'
}

/** The project's capture tool, recording /1.0/events over the unix socket with the same query as the tap. */
function captureTool(out: string, query: string): { done: Promise<void>; stop: () => void; connected: () => boolean } {
  const child = spawn(process.execPath, ['test/lxd/capture.mjs', out, '120'], {
    env: { ...process.env, LXD_EVENTS_QUERY: query },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let err = ''
  child.stderr.on('data', (d: Buffer) => void (err += d.toString()))
  const done = new Promise<void>((resolve) => child.on('close', () => resolve()))
  return { done, stop: () => child.kill('SIGTERM'), connected: () => err.includes('capture: connected') }
}

/**
 * Work that makes lifecycle and operation events, then an end marker: a profile created and deleted, whose
 * deletion both recorders must have seen before they are stopped.
 */
function drive(tag: string): string {
  lxc('profile', 'create', `${RUN}-${tag}-p`)
  lxc('profile', 'set', `${RUN}-${tag}-p`, 'user.evcat', 'one')
  lxc('profile', 'unset', `${RUN}-${tag}-p`, 'user.evcat')
  lxc('storage', 'volume', 'create', 'default', `${RUN}-${tag}-vol`)
  // Snapshots run as operations: Pending, Running and Success frames microseconds apart.
  lxc('storage', 'volume', 'snapshot', 'default', `${RUN}-${tag}-vol`, 's0')
  lxc('storage', 'volume', 'rename', 'default', `${RUN}-${tag}-vol/s0`, `${RUN}-${tag}-vol/s1`)
  lxc('storage', 'volume', 'delete', 'default', `${RUN}-${tag}-vol/s1`)
  lxc('storage', 'volume', 'delete', 'default', `${RUN}-${tag}-vol`)
  lxc('project', 'create', `${RUN}-${tag}-prj`)
  lxc('project', 'delete', `${RUN}-${tag}-prj`)
  lxc('profile', 'delete', `${RUN}-${tag}-p`)
  lxc('profile', 'create', `${RUN}-${tag}-end`)
  lxc('profile', 'delete', `${RUN}-${tag}-end`)
  return `"source":"/1.0/profiles/${RUN}-${tag}-end"`
}

/** Records with both tools at once, drives, and returns both files' bytes and the tap's result. */
async function recordBoth(
  tag: string,
  tapArgs: string[],
): Promise<{ tool: Buffer; tap: Buffer; result: Awaited<Evcat['done']> }> {
  const toolOut = join(dir, `${tag}.capture.jsonl`)
  const tapOut = join(dir, `${tag}.tap.jsonl`)
  const query = 'type=lifecycle,operation&all-projects=true'
  const tool = captureTool(toolOut, query)
  const tap = evcat([
    'tap',
    ...tapArgs,
    '--type',
    'lifecycle,operation',
    '--all-projects',
    '--out',
    tapOut,
    '--validate',
  ])
  await waitFor('both recorders to connect', () => tool.connected() && tap.err().includes(': connected'))
  const end = drive(tag)
  const deleted = (file: string): boolean => lines(file).some((l) => l.includes(end) && l.includes('profile-deleted'))
  await waitFor('both recorders to see the end marker', () => deleted(toolOut) && deleted(tapOut))
  tool.stop()
  tap.child.kill('SIGINT')
  const [result] = await Promise.all([tap.done, tool.done])
  return { tool: readFileSync(toolOut), tap: readFileSync(tapOut), result }
}

/**
 * The same frames with the same bytes. Not always in the same order: LXD sends each event to each listener from
 * a goroutine of its own (lxd/events), so two listeners can get two frames of one burst in either order.
 */
function expectSameFrames(tap: Buffer, tool: Buffer): void {
  expect(tap.length).toBe(tool.length)
  const sorted = (b: Buffer): string[] => b.toString('utf8').split('\n').sort()
  expect(sorted(tap)).toEqual(sorted(tool))
}

const skip = lxdSkipReason()
if (skip !== undefined) console.warn(`skipping the LXD tap tests: ${skip}`)

describe('evcat tap lxd: without a daemon', () => {
  it('a wrong socket path exits 2 with one line that says what to check', async () => {
    const r = await evcat(['tap', `lxd:unix:${dir}/no/unix.socket`]).done
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      `evcat: lxd:unix:${dir}/no/unix.socket: no LXD socket at ${dir}/no/unix.socket: is LXD running? Give lxd:unix:PATH or set LXD_DIR (snap: /var/snap/lxd/common/lxd/unix.socket)\n`,
    )
  })

  it('honours $LXD_DIR for lxd:unix', async () => {
    const r = await evcat(['tap', 'lxd:unix'], { LXD_DIR: join(dir, 'lxd-dir') }).done
    expect(r.code).toBe(2)
    expect(r.err).toContain(`no LXD socket at ${join(dir, 'lxd-dir', 'unix.socket')}:`)
  })

  it('refuses --project with --all-projects, and AMQP options on an LXD source', async () => {
    expect((await evcat(['tap', 'lxd:unix', '--project', 'p', '--all-projects']).done).err).toContain(
      '--project and --all-projects exclude each other',
    )
    const r = await evcat(['tap', 'lxd:unix', '--queue', 'q']).done
    expect(r.code).toBe(2)
    expect(r.err).toBe('evcat: --queue is for amqp sources\n')
  })
})

describe.skipIf(skip !== undefined)('evcat tap lxd: against the real daemon', () => {
  const cleanup: (() => void)[] = []
  afterAll(() => {
    for (const c of cleanup.reverse()) {
      try {
        c()
      } catch {
        // best effort: the daemon is shared
      }
    }
  })

  it('over the unix socket, records the same frames, byte for byte, as test/lxd/capture.mjs', async () => {
    const { tool, tap, result } = await recordBoth('unix', ['lxd:unix'])
    const recorded = lines(join(dir, 'unix.tap.jsonl'))
    expect(recorded.length).toBeGreaterThan(15)
    expect(recorded.filter((l) => l.startsWith('{"type":"operation"')).length).toBeGreaterThan(5)
    expectSameFrames(tap, tool)
    expect(result.err).toMatch(/\d+ records: \d+ valid, 0 invalid, 0 drift, 0 unreadable/)
    expect(result.code).toBe(0)
  })

  describe('over HTTPS', () => {
    const certs = join(dir, 'certs')
    let address = ''
    it('with a client certificate the test trusts, records the same frames as capture.mjs', async () => {
      spawnSync('mkdir', ['-p', certs])
      address = lxc('config', 'get', 'core.https_address').trim()
      if (address === '') {
        address = `127.0.0.1:${await freePort()}`
        lxc('config', 'set', 'core.https_address', address)
        cleanup.push(() => lxc('config', 'unset', 'core.https_address'))
      }
      for (const name of ['client', 'stranger']) {
        const r = spawnSync('openssl', [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:secp384r1',
          '-nodes',
          '-days',
          '2',
          '-subj',
          `/CN=${RUN}-${name}`,
          '-keyout',
          join(certs, `${name}.key`),
          '-out',
          join(certs, `${name}.crt`),
        ])
        expect(r.status).toBe(0)
      }
      lxc('config', 'trust', 'add', join(certs, 'client.crt'), '--name', `${RUN}-client`)
      cleanup.push(() => {
        const list = JSON.parse(lxc('config', 'trust', 'list', '--format', 'json')) as {
          name: string
          fingerprint: string
        }[]
        for (const c of list) if (c.name === `${RUN}-client`) lxc('config', 'trust', 'remove', c.fingerprint)
      })
      const server = (JSON.parse(lxc('query', '/1.0')) as { environment: { certificate: string } }).environment
        .certificate
      writeFileSync(join(certs, 'server.crt'), server)
      const host =
        address.startsWith('[::]') || address.startsWith('0.0.0.0') || address.startsWith(':')
          ? `127.0.0.1:${address.split(':').pop()}`
          : address
      const { tool, tap, result } = await recordBoth('https', [
        `lxd:https://${host}`,
        '--cert',
        join(certs, 'client.crt'),
        '--key',
        join(certs, 'client.key'),
        '--server-cert',
        join(certs, 'server.crt'),
      ])
      expectSameFrames(tap, tool)
      expect(result.code).toBe(0)
      address = host
    })

    it.each([
      [
        'an untrusted client certificate',
        () => [
          '--cert',
          join(certs, 'stranger.crt'),
          '--key',
          join(certs, 'stranger.key'),
          '--server-cert',
          join(certs, 'server.crt'),
        ],
        /LXD does not trust the client certificate \(403 [^)]*\): add it on the server with "lxc config trust add .*stranger\.crt"/,
      ],
      [
        'a server certificate that is not the pinned one',
        () => [
          '--cert',
          join(certs, 'client.crt'),
          '--key',
          join(certs, 'client.key'),
          '--server-cert',
          join(certs, 'stranger.crt'),
        ],
        /the server's certificate does not match --server-cert .*stranger\.crt/,
      ],
      [
        'a self-signed server certificate and no pin',
        () => ['--cert', join(certs, 'client.crt'), '--key', join(certs, 'client.key')],
        /the server's certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\): pin it with --server-cert FILE/,
      ],
      [
        'an event type LXD does not know',
        () => [
          '--cert',
          join(certs, 'client.crt'),
          '--key',
          join(certs, 'client.key'),
          '--server-cert',
          join(certs, 'server.crt'),
          '--type',
          'nonsense',
        ],
        /LXD refused the request \(\d{3}: "nonsense" isn't a supported event type\): check --type and --project/,
      ],
    ])('%s exits 2 with one line that says what to check', async (_what, args, message) => {
      expect(address, 'the HTTPS test above sets the address up').not.toBe('')
      const r = await evcat(['tap', `lxd:https://${address}`, ...args(), '--out', join(dir, 'never.jsonl')]).done
      expect(r.code).toBe(2)
      expect(r.err.trim().split('\n')).toHaveLength(1)
      expect(r.err).toMatch(message)
    })
  })
})
