import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, expect, it } from 'vitest'
import WebSocket from 'ws'
import { feedFrames } from '../../src/mock/feed.js'
import { lxdAccepts } from '../../src/transport/lxd-protocol.js'
import type { FeedData, FeedOptions, MockFrame } from '../../src/mock/types.js'
import { validateJson } from '../validate/helpers.js'
import { describeWith, readManifest, runMockCli, startMockCli, tempDir, until, type MockProcess } from './helpers.js'

// The LXD mock against the real client: Debian's lxc, pointed at the mock's unix socket with LXD_DIR.
const LXC = '/usr/bin/lxc'
const START = '2026-03-04T05:06:07Z'
const running: { stop(): unknown }[] = []
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop()
})

/** The frames the CLI serves for these options (it reads the same generated data). */
async function served(
  options: FeedOptions,
  query = { types: ['logging', 'operation', 'lifecycle', 'ovn', 'security'], project: 'default', allProjects: false },
): Promise<MockFrame[]> {
  const url = pathToFileURL(join(process.cwd(), 'out/package/mock/lxd.data.js')).href
  const data = ((await import(url)) as { default: FeedData }).default
  return [...feedFrames(data, { ...options, start: Date.parse(START) })].filter((f) => lxdAccepts(query, f))
}

async function mock(dir: string, ...args: string[]): Promise<MockProcess> {
  const m = await startMockCli(['lxd', '--socket', join(dir, 'unix.socket'), '--start', START, ...args])
  running.push(m)
  return m
}

/** `lxc monitor ARGS` with LXD_DIR at the mock; resolves its output once `objects` JSON objects have arrived. */
async function monitor(dir: string, objects: number, ...args: string[]): Promise<string> {
  const child = spawn(LXC, ['monitor', '--format', 'json', ...args], {
    env: { ...process.env, LXD_DIR: dir, HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push({ stop: () => child.kill() })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  await until(
    () => (out.match(/^\{/gm)?.length ?? 0) >= objects || child.exitCode !== null,
    30_000,
    `${objects} events from lxc`,
  )
  child.kill()
  expect(err).not.toMatch(/^Error/m)
  return out
}

describeWith(LXC, 'lxd-client')('lxc monitor against evcat mock serve lxd', () => {
  it('prints the mock events, and evcat validate of its output reports exactly what the manifest says', async () => {
    const dir = tempDir('lxd')
    const options = { seed: '4', count: 400, invalid: 0.05, drift: 0.05 }
    await mock(
      dir,
      '--seed',
      '4',
      '--count',
      '400',
      '--rate',
      '500/s',
      '--invalid',
      '0.05',
      '--drift',
      '0.05',
      '--manifest',
      join(dir, 'injected.jsonl'),
    )
    const expected = await served(options)
    const out = await monitor(dir, expected.length)
    // lxc decodes and re-encodes each frame (sorted keys, a blank line after each), and calls its handler in a
    // goroutine per event, so the order is not kept either: match frames by their (unique) timestamps.
    const stamp = (text: string): string => (JSON.parse(text) as { timestamp: string }).timestamp
    const seqOf = new Map(expected.map((f) => [stamp(f.text), f.seq]))
    const lines = out.split('\n')
    const objects = lines.filter((l) => l.startsWith('{'))
    expect(objects.map(stamp).sort()).toEqual([...seqOf.keys()].sort())
    writeFileSync(join(dir, 'monitor.json'), out)
    const { report } = await validateJson(join(dir, 'monitor.json'), '--max-problems', '100000')
    const manifest = readManifest(join(dir, 'injected.jsonl')).filter(
      (m) => m.project === undefined || m.project === 'default',
    )
    expect(manifest.filter((m) => m.kind === 'invalid').length).toBeGreaterThan(5)
    expect(manifest.filter((m) => m.kind === 'drift').length).toBeGreaterThan(5)
    expect(report.summary).toMatchObject({
      total: expected.length,
      invalid: manifest.filter((m) => m.kind === 'invalid').length,
      drift: manifest.filter((m) => m.kind === 'drift').length,
      unreadable: 0,
    })
    const bySeq = new Map(manifest.map((m) => [m.seq, m]))
    for (const p of report.problems) {
      const m = bySeq.get(seqOf.get(stamp(lines[p.line - 1]!)))
      expect(p.status).toBe(m?.kind)
      expect(p.errors.map((e) => e.pointer)).toContain(m!.pointer)
    }
  })

  it('lxc monitor --type lifecycle gets the lifecycle events only (the mock filters on type)', async () => {
    const dir = tempDir('lxd-type')
    await mock(dir, '--count', '300', '--rate', 'max')
    const expected = await served({ count: 300 }, { types: ['lifecycle'], project: 'default', allProjects: false })
    expect(expected.length).toBeGreaterThan(20)
    const out = await monitor(dir, expected.length, '--type', 'lifecycle')
    const objects = out
      .split('\n\n')
      .filter((t) => t.trim() !== '')
      .map((t) => JSON.parse(t) as { type: string; metadata: { action: string } })
    expect(objects.map((o) => o.metadata.action).sort()).toEqual(expected.map((f) => f.event).sort())
    expect(new Set(objects.map((o) => o.type))).toEqual(new Set(['lifecycle']))
  })

  it('a dropped connection reaches lxc as the real failure (1006, no close frame)', async () => {
    const dir = tempDir('lxd-drop')
    await mock(
      dir,
      '--rate',
      '200/s',
      '--faults',
      'drop',
      '--fault-every',
      '20',
      '--manifest',
      join(dir, 'faults.jsonl'),
    )
    const child = spawn(LXC, ['monitor', '--format', 'json'], { env: { ...process.env, LXD_DIR: dir, HOME: dir } })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).not.toBe(0)
    expect(err).toMatch(/1006|unexpected EOF/)
    // The manifest is written by the mock as it goes: poll for the line rather than race its write.
    const drops = () => readManifest(join(dir, 'faults.jsonl')).filter((m) => m.fault === 'drop')
    await until(() => drops().length > 0, 5000, 'the drop in the manifest')
    expect(drops()).toHaveLength(1)
  })
})

describeWith(LXC, 'lxd-client')('the LXD endpoint', () => {
  it('answers GET /1.0 and the 400s of /1.0/events as LXD does', async () => {
    const dir = tempDir('lxd-http')
    await mock(dir)
    const socketPath = join(dir, 'unix.socket')
    const get = (path: string, upgrade = false) =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const headers = upgrade
          ? {
              Connection: 'Upgrade',
              Upgrade: 'websocket',
              'Sec-WebSocket-Version': '13',
              'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            }
          : {}
        const req = request({ socketPath, path, headers }, (res) => {
          let text = ''
          res
            .on('data', (d: Buffer) => (text += d.toString()))
            .on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown> }))
        })
        req.on('error', reject).end()
      })
    const info = await get('/1.0')
    expect(info.status).toBe(200)
    expect(info.body).toMatchObject({
      type: 'sync',
      status_code: 200,
      metadata: { api_version: '1.0', auth: 'trusted' },
    })
    expect(await get('/1.0/events?type=lifecycle,bogus', true)).toMatchObject({
      status: 400,
      body: { type: 'error', error_code: 400, error: '"bogus" isn\'t a supported event type' },
    })
    expect(await get('/1.0/events?project=p&all-projects=true', true)).toMatchObject({
      status: 400,
      body: { error: 'Cannot specify a project when requesting all projects' },
    })
    expect((await get('/1.0/nothing')).status).toBe(404)
  })

  it('filters by type, project and all-projects, one WebSocket text message per event ending in a newline', async () => {
    const dir = tempDir('lxd-filter')
    await mock(dir, '--count', '600', '--rate', 'max')
    const socket = join(dir, 'unix.socket')
    const receive = async (query: string, n: number) => {
      const ws = new WebSocket(`ws+unix://${socket}:/1.0/events?${query}`)
      const got: string[] = []
      let binary = false
      ws.on('message', (d, isBinary) => {
        binary ||= isBinary
        got.push(String(d))
      })
      await until(() => got.length >= n, 10_000, `${n} frames for ${query}`)
      ws.close()
      expect(binary).toBe(false)
      return got
    }
    const staging = await served({ count: 600 }, { types: ['operation'], project: 'staging', allProjects: false })
    const ops = await receive('type=operation&project=staging', staging.length)
    expect(ops.map((t) => t.slice(0, -1))).toEqual(staging.map((f) => f.text))
    const parsed = ops.map((t) => JSON.parse(t) as { type: string; project?: string })
    expect(ops.every((t) => t.endsWith('\n'))).toBe(true)
    expect(new Set(parsed.map((p) => p.type))).toEqual(new Set(['operation']))
    expect(parsed.every((p) => p.project === undefined || p.project === 'staging')).toBe(true)
    expect(parsed.some((p) => p.project === 'staging')).toBe(true)
    const all = (await receive('all-projects=true', 600)).map((t) => JSON.parse(t) as { project?: string })
    expect(all.length).toBe(600)
    const projects = new Set(all.map((p) => p.project))
    for (const p of [undefined, 'default', 'staging']) expect(projects.has(p)).toBe(true)
  })

  it('serves TLS on TCP with a generated certificate a client can pin', async () => {
    const dir = tempDir('lxd-tls')
    const m = await startMockCli(['lxd', '--listen', '127.0.0.1:0', '--cert-dir', dir, '--count', '5', '--rate', 'max'])
    running.push(m)
    const ca = readFileSync(join(dir, 'server.crt'))
    const got: string[] = []
    const ws = new WebSocket(`wss://${m.address}/1.0/events`, { ca, servername: 'localhost' })
    ws.on('message', (d) => got.push(String(d)))
    await until(() => got.length === 5, 10_000, '5 frames over TLS')
    ws.close()
    expect(m.stderr()).toMatch(/https:\/\/127\.0\.0\.1:\d+ \(certificate .*server\.crt, sha256 [0-9a-f]{64}\)/)
  })
})

describeWith(LXC, 'lxd-client')('the LXD mock process', () => {
  it('exits 2 with one line when the socket is taken, and never removes a file it did not create', async () => {
    const dir = tempDir('lxd-taken')
    await mock(dir)
    const second = await runMockCli(['lxd', '--socket', join(dir, 'unix.socket')])
    expect(second.code).toBe(2)
    expect(second.err).toBe(
      `evcat: cannot listen on unix socket ${join(dir, 'unix.socket')}: another server is listening there\n`,
    )
    const stale = join(dir, 'stale.socket')
    writeFileSync(stale, '')
    const third = await runMockCli(['lxd', '--socket', stale])
    expect(third.code).toBe(2)
    expect(third.err.trim().split('\n')).toHaveLength(1)
    expect(existsSync(stale)).toBe(true)
    const taken = createServer().listen(0, '127.0.0.1')
    await new Promise((r) => taken.once('listening', r))
    const { port } = taken.address() as AddressInfo
    const tcp = await runMockCli(['lxd', '--listen', `127.0.0.1:${port}`, '--socket', join(dir, 'other.socket')])
    taken.close()
    expect(tcp.code).toBe(2)
    expect(tcp.err).toBe(`evcat: cannot listen on 127.0.0.1:${port}: the port is taken (EADDRINUSE)\n`)
    // What it had opened before the failure is closed again: the socket it made is gone.
    expect(existsSync(join(dir, 'other.socket'))).toBe(false)
  })

  it.each(['SIGINT', 'SIGTERM'] as const)('shuts down cleanly on %s: exit 0, socket removed', async (signal) => {
    const dir = tempDir('lxd-stop')
    const m = await mock(dir)
    const { code, stderr } = await m.stop(signal)
    expect(code).toBe(0)
    expect(stderr).toContain(`stopped (${signal})`)
    expect(existsSync(join(dir, 'unix.socket'))).toBe(false)
  })
})
