// evcat tap events-hub:… against a protocol-faithful hub (events-hub-server.ts).
// TODO(lead): point these at `evcat mock serve events-hub` once the mock branch is merged.
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { run } from '../cli/run.js'
import { freePort } from '../helpers/rabbitmq.js'
import type { JsonReport } from '../validate/helpers.js'
import { hubFrame, startHub, type Hub } from './events-hub-server.js'
import { evcat, jsonLines, lines, scratch, waitFor, type Evcat } from './helpers.js'

const dir = scratch()
const hubs: Hub[] = []
const taps: Evcat[] = []
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(async () => {
  for (const t of taps.splice(0)) if (t.child.exitCode === null) t.child.kill('SIGKILL')
  for (const h of hubs.splice(0)) await h.close()
})

async function hub(options: Parameters<typeof startHub>[0] = {}): Promise<Hub> {
  const h = await startHub(options)
  hubs.push(h)
  return h
}

function tap(args: string[]): Evcat {
  const t = evcat(['tap', ...args])
  taps.push(t)
  return t
}

/** What a line looks like for a frame: the frame's own newline dropped, line breaks inside made spaces. */
const asLine = (frame: string): string => frame.replace(/\n$/, '').replace(/[\r\n]/g, ' ')

const events = readFileSync('out/fixtures/events-hub/valid.jsonl', 'utf8').split('\n').filter(Boolean)
const pdfm = events.filter((l) => l.includes('"event_type":"pdfm"')).slice(0, 5)

describe('evcat tap events-hub:', () => {
  it('writes every frame it was sent exactly as it arrived, answers pings, asks its client id, and validates', async () => {
    const h = await hub({ token: 'jwt-1', pingIntervalMs: 100 })
    const out = join(dir, 'hub.jsonl')
    const t = tap([
      `events-hub:${h.url}`,
      '--token',
      'jwt-1',
      '--event-types',
      'PDFM, stats',
      '--ping-interval',
      '200ms',
      '--out',
      out,
      '--validate',
    ])
    await waitFor('the client id reply', () => t.err().includes('subscribed, client id'))
    const client = h.connected()[0]!
    expect(client.subscriptions).toEqual(['pdfm', 'stats', 'global'])
    for (const e of pdfm.slice(0, 4)) h.broadcast(e + '\n')
    h.broadcast(hubFrame({ type: 'orchestrator', message: 'HOST_ADDED', body: { host_id: 'x' } })) // not subscribed: never sent
    h.broadcast(JSON.stringify(JSON.parse(pdfm[4]!), null, 2) + '\n')
    h.broadcast('not json')
    await waitFor(
      'a protocol pong and a JSON ping answered',
      () => client.pongs > 0 && client.received.some((r) => r.includes('"ping"')),
    )
    await waitFor('every frame sent', () => lines(out).length >= client.sent.length)
    t.child.kill('SIGINT')
    const r = await t.done
    // Pongs keep coming until the tap is gone: the capture is what was sent up to the stop, in order.
    const captured = lines(out)
    expect(captured.length).toBeGreaterThanOrEqual(8)
    expect(captured).toEqual(client.sent.slice(0, captured.length).map(asLine))
    expect(client.sent.filter((f) => f.includes('HOST_ADDED'))).toEqual([])
    expect(JSON.parse(client.received[0]!)).toMatchObject({ event_type: 'system', message: 'client-id' })
    expect(r.err).toContain(`subscribed, client id ${client.id}`)
    // The hub's own frames (welcome, pong, client-id) are catalog events too: only the non-JSON frame fails.
    expect(r.err).toContain(
      `${captured.length} records: ${captured.length - 1} valid, 0 invalid, 0 drift, 1 unreadable`,
    )
    expect(r.err).toContain('1 with line breaks made spaces')
    expect(r.err).toContain(`${out}:${client.sent.indexOf('not json') + 1}: unreadable`)
    expect(r.code).toBe(1)
    const report = JSON.parse((await run('validate', out, '--format', 'json')).out) as JsonReport
    expect(report.summary.unreadable).toBe(1)
    expect(report.summary.valid).toBe(captured.length - 1)
  })

  it.each([
    ['an API key', { apiKey: 'a2V5OnNlY3JldA==' }, ['--api-key', 'a2V5OnNlY3JldA==']],
    ['the token in the query', { token: 'jwt-2' }, ['--token', 'jwt-2', '--query-auth']],
  ])('authenticates with %s', async (_what, options, args) => {
    const h = await hub(options)
    const r = await tap([`events-hub:${h.url}`, ...args, '--count', '1', '--out', join(dir, `auth-${args[0]}.jsonl`)])
      .done
    expect(r.code).toBe(0)
    expect(h.clients).toHaveLength(1)
  })

  it('reconnects after a drop without a close frame, records the gap in --meta and counts it', async () => {
    const h = await hub()
    const out = join(dir, 'drop.jsonl')
    const meta = join(dir, 'drop.meta')
    const t = tap([`events-hub:${h.url}`, '--event-types', 'pdfm', '--out', out, '--meta', meta])
    await waitFor('the first client', () => h.connected().length === 1)
    h.broadcast(pdfm[0]! + '\n')
    await waitFor('the first event', () => lines(out).includes(pdfm[0]!))
    h.dropAll()
    await waitFor('the reconnect', () => h.clients.length === 2 && h.connected().length === 1)
    h.broadcast(pdfm[1]! + '\n')
    await waitFor('the event after the reconnect', () => lines(out).includes(pdfm[1]!))
    t.child.kill('SIGTERM')
    const r = await t.done
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/connection lost \(dropped without a close frame\); reconnecting in \d\.\d s \(attempt 1\)/)
    expect(r.err).toMatch(/reconnected after \d+\.\d s/)
    expect(r.err).toMatch(/1 gap \(\d+\.\d s\), 1 reconnect/)
    const gaps = jsonLines<{ kind: string; line: number; reason: string }>(meta)
    const before = lines(out).indexOf(pdfm[0]!) + 1
    expect(gaps).toEqual([expect.objectContaining({ kind: 'gap', reason: 'dropped without a close frame' })])
    expect(gaps[0]!.line).toBeGreaterThanOrEqual(before)
    expect(gaps[0]!.line).toBeLessThan(lines(out).indexOf(pdfm[1]!) + 1)
  })

  it('drops a hub that stops answering JSON pings, and reconnects', async () => {
    const h = await hub()
    h.ignorePings = true
    const t = tap([
      `events-hub:${h.url}`,
      '--ping-interval',
      '100ms',
      '--missed-pings',
      '2',
      '--out',
      join(dir, 'pings.jsonl'),
    ])
    await waitFor('the reconnect', () => h.clients.length >= 2, 10_000)
    t.child.kill('SIGINT')
    const r = await t.done
    expect(r.err).toContain('connection lost (no pong to 2 JSON pings)')
    expect(r.code).toBe(0)
  })

  it('--no-reconnect exits 1 when the connection drops', async () => {
    const h = await hub()
    const t = tap([`events-hub:${h.url}`, '--no-reconnect', '--out', join(dir, 'once.jsonl')])
    await waitFor('the client', () => h.connected().length === 1)
    h.dropAll()
    const r = await t.done
    expect(r.code).toBe(1)
    expect(r.err).toContain('not reconnecting (--no-reconnect)')
    expect(r.err).toMatch(/1 gap/)
  })

  it.each([
    [
      'bad credentials',
      async (h: Hub) => [`events-hub:${h.url}`, '--token', 'wrong'],
      /refused the credentials \(401 authentication required\): check --token or --api-key/,
    ],
    [
      'a wrong path',
      async (h: Hub) => [`events-hub:${h.url.replace('/api/v1/ws/subscribe', '/v1/ws/subscribe')}`, '--token', 't'],
      /no WebSocket at \/v1\/ws\/subscribe \(404\)/,
    ],
    [
      'a refused connection',
      async () => [`events-hub:ws://127.0.0.1:${await freePort()}/api/v1/ws/subscribe`],
      /connection refused by 127\.0\.0\.1:\d+/,
    ],
    [
      'an unknown host',
      async () => ['events-hub:wss://no-such-host.invalid/api/v1/ws/subscribe'],
      /unknown host in no-such-host\.invalid/,
    ],
    [
      'a TLS mismatch (TLS spoken to a plain server)',
      async (h: Hub) => [`events-hub:${h.url.replace('ws:', 'wss:')}`, '--token', 't'],
      /the TLS handshake with 127\.0\.0\.1:\d+ failed \(EPROTO\): check the scheme/,
    ],
  ])('%s exits 2 with one line that says what to check', async (_what, args, message) => {
    const h = await hub({ token: 't' })
    const r = await tap([...(await args(h)), '--out', join(dir, 'never.jsonl')]).done
    expect(r.code).toBe(2)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(message)
  })

  it('stops cleanly when its stdout is closed (| head), with the summary', async () => {
    const h = await hub()
    const script = `node bin/evcat.js tap events-hub:${h.url} --event-types pdfm | head -n 2; echo "tap exit $\{PIPESTATUS[0]}" >&2`
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()))
    const closed = new Promise((r) => child.on('close', r))
    await waitFor('the client', () => h.connected().length === 1)
    // Keep sending until the tap is gone: head exits after two lines and the next write finds the pipe closed.
    const timer = setInterval(() => h.broadcast(pdfm[0]! + '\n'), 20)
    await closed
    clearInterval(timer)
    expect(out.split('\n').filter(Boolean)).toHaveLength(2)
    expect(err).toMatch(/\(stopped: stdout was closed\)/)
    expect(err).toContain('tap exit 0')
  })

  it('never overwrites a capture: --append continues it, numbering lines after the existing ones', async () => {
    const h = await hub()
    const out = join(dir, 'append.jsonl')
    expect((await tap([`events-hub:${h.url}`, '--count', '1', '--out', out]).done).code).toBe(0)
    const again = await tap([`events-hub:${h.url}`, '--count', '1', '--out', out]).done
    expect(again.code).toBe(2)
    expect(again.err).toBe(`evcat: ${out} already exists: choose another --out, or add --append to continue it\n`)
    // The existing line, then the welcome, the client-id reply, the bad frame and an event.
    const args = ['--event-types', 'pdfm', '--count', '4', '--out', out, '--append', '--validate']
    const t = tap([`events-hub:${h.url}`, ...args])
    await waitFor('the client id', () => t.err().includes('subscribed, client id'))
    h.broadcast('not json\n')
    h.broadcast(pdfm[0]! + '\n')
    const r = await t.done
    expect(lines(out)).toHaveLength(5)
    expect(lines(out)[4]).toBe(pdfm[0])
    expect(r.err).toContain(`${out}:4: unreadable`)
  })

  it('a hub whose event service is down (503) exits 2 at the start', async () => {
    const h = await hub()
    h.refuseWith = 503
    const r = await tap([`events-hub:${h.url}`, '--out', join(dir, 'down.jsonl')]).done
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/event service is not available \(503/)
  })
})
