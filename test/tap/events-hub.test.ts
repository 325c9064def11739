// evcat tap events-hub:… against the real mock, `evcat mock serve events-hub` (auth before the upgrade, welcome,
// targeted replies, protocol pings, and its faults: a drop without a close frame, a stall, a frame split across TCP
// writes, a truncated frame, a hub whose event service is down). What the tap must capture is computed from the
// mock's own feed data and seed, and what it must find from the mock's --manifest.
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { feedFrames } from '../../src/mock/feed.js'
import type { FeedData, FeedOptions } from '../../src/mock/types.js'
import { freePort } from '../helpers/rabbitmq.js'
import { readManifest, startMockCli, type ManifestLine, type MockProcess } from '../mock/helpers.js'
import type { JsonReport } from '../validate/helpers.js'
import { evcat, isHubFeedLine, jsonLines, lines, scratch, waitFor, type Evcat } from './helpers.js'

const TOKEN = 'evcat-mock-token'
const START = '2026-03-04T05:06:07Z'
const dir = scratch()
const mocks: MockProcess[] = []
const taps: Evcat[] = []
let data: FeedData
beforeAll(async () => {
  const url = pathToFileURL(join(process.cwd(), 'out/package/mock/events-hub.data.js')).href
  data = ((await import(url)) as { default: FeedData }).default
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(async () => {
  for (const t of taps.splice(0)) if (t.child.exitCode === null) t.child.kill('SIGKILL')
  for (const m of mocks.splice(0)) await m.stop()
})

/** `evcat mock serve events-hub` on a port the OS picks, its first frame's time fixed; resolves once it listens. */
async function hub(...args: string[]): Promise<{ mock: MockProcess; url: string }> {
  const mock = await startMockCli(['events-hub', '--listen', '127.0.0.1:0', '--start', START, ...args])
  mocks.push(mock)
  return { mock, url: `ws://${mock.address}/api/v1/ws/subscribe` }
}

function tap(args: string[]): Evcat {
  const t = evcat(['tap', ...args])
  taps.push(t)
  return t
}

/** The feed frames the mock serves each connection for these options, as the lines the tap must write. */
function feed(options: FeedOptions): string[] {
  return [...feedFrames(data, { ...options, start: Date.parse(START) })].map((f) => f.text)
}

/** A capture split into connections: each starts with the hub's welcome frame. */
function connections(capture: readonly string[]): string[][] {
  const out: string[][] = []
  for (const line of capture) {
    if (line.includes('"WebSocket connection established subscribed to global by default"')) out.push([])
    out.at(-1)?.push(line)
  }
  return out
}

/** The frame at which each connection's feed ended, from the manifest's connection-ending faults. */
function endings(manifest: readonly ManifestLine[]): Map<number, number> {
  const ends = manifest.filter((m) => m.fault === 'drop' || m.fault === 'truncate')
  return new Map(ends.map((m) => [m.connection!, m.seq!]))
}

describe('evcat tap events-hub: against evcat mock serve events-hub', () => {
  it('writes every frame exactly as it arrived, answers both pings, asks its client id, and finds what was injected', async () => {
    const manifest = join(dir, 'injected.jsonl')
    const options = { seed: '5', count: 150, invalid: 0.05, drift: 0.05 }
    const { mock, url } = await hub(
      ...['--seed', '5', '--count', '150', '--rate', '300/s', '--invalid', '5%', '--drift', '5%'],
      ...['--manifest', manifest, '--ping-interval', '100ms', '--pong-wait', '400ms'],
    )
    const out = join(dir, 'hub.jsonl')
    const report = join(dir, 'hub.json')
    const t = tap([
      `events-hub:${url}`,
      ...['--token', TOKEN, '--event-types', data.channels!.join(','), '--ping-interval', '100ms'],
      ...['--out', out, '--validate', '--report', report],
    ])
    const expected = feed(options)
    await waitFor('every feed frame', () => lines(out).filter(isHubFeedLine).length === expected.length, 20_000)
    await waitFor('a pong', () => lines(out).some((l) => l.includes('"message":"pong"')))
    t.child.kill('SIGINT')
    const r = await t.done
    const captured = lines(out)
    // One connection: the tap answered the hub's protocol pings (no pong timeout), and the hub its JSON pings.
    expect(connections(captured)).toHaveLength(1)
    expect(readManifest(manifest).filter((m) => m.fault !== undefined)).toEqual([])
    expect(captured.filter(isHubFeedLine)).toEqual(expected)
    const welcome = JSON.parse(captured[0]!) as { body: { client_id: string } }
    expect(r.err).toContain(`subscribed, client id ${welcome.body.client_id}`)
    expect(captured.some((l) => /"ref_id":"evcat-\d+-[0-9a-z]+-ping-\d+","event_type":"health"/.test(l))).toBe(true)
    // The report names exactly the frames the mock injected, each as what it is.
    const seqOf = new Map(expected.map((text, seq) => [text, seq]))
    const doc = JSON.parse(readFileSync(report, 'utf8')) as JsonReport
    // The report says what ended the capture, as validate's says what stopped its reading.
    expect(doc.stoppedBy).toBe('SIGINT')
    const found = doc.problems.map((p) => ({
      seq: seqOf.get(captured[p.line - 1]!),
      status: p.status,
    }))
    const injected = readManifest(manifest).map((m) => ({ seq: m.seq, status: m.kind }))
    expect(injected.length).toBeGreaterThan(5)
    expect(found).toEqual(injected)
    expect(r.code).toBe(1)
    expect(mock.stderr()).toContain('connection 1: client')
  })

  it('--server judges as one version sends: the hub of any version drifts for v0.9.21, the v0.9.21 hub does not', async () => {
    const judged = async (mockArgs: string[], name: string) => {
      const { url } = await hub('--count', '120', '--rate', 'max', ...mockArgs)
      const out = join(dir, `${name}.jsonl`)
      const args = ['--event-types', data.channels!.join(','), '--count', '122', '--ping-interval', '0']
      const report = join(dir, `${name}.txt`)
      const validate = ['--validate', '--server', 'events-hub@0.9.21', '--report', report, '--format', 'text']
      const r = await tap([`events-hub:${url}`, '--token', TOKEN, ...args, ...validate, '--out', out]).done
      return { ...r, report: readFileSync(report, 'utf8') }
    }
    const any = await judged([], 'any-as-0.9.21')
    expect(any.err).toMatch(/: drift events-hub\/pdfm\/\S+\n {2}\/message: event not sent by events-hub v0\.9\.21: /)
    // The text report names the catalog version out/ was generated from, as validate's does.
    expect(any.report).toMatch(/^events seen \(catalog \d+\.\d+\.\d+\):$/m)
    const old = await judged(['--server', 'v0.9.21'], 'old-as-0.9.21')
    expect(old.err).toContain('122 records: 122 valid, 0 invalid, 0 drift, 0 unreadable')
    expect(old.code).toBe(0)
  })

  it.each([
    ['lxd', /^evcat: --server takes FAMILY@VERSION \(for example lxd@5\.0\.2\), not "lxd"\n$/],
    [
      'events-hub@9',
      /^evcat: --server events-hub@9: 9 is not a known version of events-hub; known: v0\.9\.21, v1\.0\.0, v1\.0\.1\n$/,
    ],
  ])('--server %s is a usage error that says what is known (exit 2)', async (value, message) => {
    const r = await tap(['events-hub:ws://127.0.0.1:1/api/v1/ws/subscribe', '--validate', '--server', value]).done
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
  })

  it('--server without --validate is a usage error', async () => {
    const r = await tap(['events-hub:ws://127.0.0.1:1/api/v1/ws/subscribe', '--server', 'lxd@5.0.2']).done
    expect(r.code).toBe(2)
    expect(r.err).toContain('--server says how --validate judges: add --validate (or --report FILE)')
  })

  it.each([
    ['an API key', ['--api-key', 'ci:s3cret'], ['--api-key', Buffer.from('ci:s3cret').toString('base64')]],
    ['the token in the query', [], ['--token', TOKEN, '--query-auth']],
  ])('authenticates with %s', async (_what, mockArgs, tapArgs) => {
    const { mock, url } = await hub('--count', '0', ...mockArgs)
    const r = await tap([`events-hub:${url}`, ...tapArgs, '--count', '1', '--out', join(dir, `auth-${tapArgs[0]}`)])
      .done
    expect(r.code).toBe(0)
    expect(mock.stderr()).toMatch(/connection 1: client [0-9a-f-]{36}, subscriptions global\n/)
  })

  it('survives every fault: drops and truncated frames (1006, a gap, a reconnect), frames split across writes', async () => {
    const manifest = join(dir, 'faults.jsonl')
    const { url } = await hub(
      ...['--seed', '3', '--count', '60', '--rate', '400/s', '--manifest', manifest],
      ...['--faults', 'drop,truncate,split', '--fault-every', '6'],
    )
    const out = join(dir, 'faults.jsonl.capture')
    const meta = join(dir, 'faults.meta')
    const t = tap([
      `events-hub:${url}`,
      ...['--token', TOKEN, '--event-types', data.channels!.join(','), '--out', out, '--meta', meta],
    ])
    const kinds = (): Set<string | undefined> => new Set(readManifest(manifest).map((m) => m.fault))
    await waitFor('a drop, a truncated frame and a split frame', () =>
      ['drop', 'truncate', 'split'].every((k) => kinds().has(k)),
    )
    const last = Math.max(...readManifest(manifest).map((m) => m.connection ?? 0))
    await waitFor('the reconnect after the last fault', () => connections(lines(out)).length > last)
    t.child.kill('SIGTERM')
    const r = await t.done
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/connection lost \(dropped without a close frame\); reconnecting in \d\.\d s \(attempt 1\)/)
    expect(r.err).toMatch(/reconnected after \d+\.\d s/)
    // Each connection replays the feed from its first frame: it got exactly the frames before the one its drop or
    // truncation fell on (a truncated frame is never written), split frames whole.
    const expected = feed({ seed: '3', count: 60 })
    const ends = endings(readManifest(manifest))
    const byConnection = connections(lines(out))
    for (const [connection, seq] of ends) {
      if (connection > byConnection.length) continue
      expect(byConnection[connection - 1]!.filter(isHubFeedLine)).toEqual(expected.slice(0, seq))
    }
    for (const split of readManifest(manifest).filter((m) => m.fault === 'split'))
      if (split.connection! <= byConnection.length && (ends.get(split.connection!) ?? Infinity) > split.seq!)
        expect(byConnection[split.connection! - 1]).toContain(expected[split.seq!])
    // Every connection ended in a gap (the last one too, when it was dropped before the tap stopped), in the side
    // file after the lines written before it.
    const gaps = jsonLines<{ kind: string; line: number; reason: string }>(meta)
    expect(gaps.length).toBeGreaterThanOrEqual(byConnection.length - 1)
    expect(gaps.length).toBeLessThanOrEqual(byConnection.length)
    let line = 0
    gaps.forEach((g, i) => {
      line += byConnection[i]!.length
      expect(g).toMatchObject({ kind: 'gap', line, reason: 'dropped without a close frame' })
    })
  })

  it('a stalled hub stops answering JSON pings: the tap drops it after --missed-pings, records the gap and reconnects', async () => {
    const { mock, url } = await hub(
      '--count',
      '200',
      '--rate',
      '50/s',
      '--faults',
      'stall',
      '--fault-every',
      '3',
      '--hold',
      '3s',
    )
    const out = join(dir, 'stall.jsonl')
    const meta = join(dir, 'stall.meta')
    const t = tap([
      `events-hub:${url}`,
      ...['--token', TOKEN, '--event-types', 'pdfm,orchestrator', '--ping-interval', '100ms', '--missed-pings', '2'],
      ...['--out', out, '--meta', meta],
    ])
    await waitFor('the reconnect', () => /connection 2: client/.test(mock.stderr()), 20_000)
    t.child.kill('SIGINT')
    const r = await t.done
    expect(r.err).toContain('connection lost (no pong to 2 JSON pings)')
    expect(jsonLines<{ kind: string; reason: string }>(meta)[0]).toMatchObject({
      kind: 'gap',
      reason: 'no pong to 2 JSON pings',
    })
    expect(r.code).toBe(0)
  })

  it('--no-reconnect exits 1 when the hub drops the connection', async () => {
    const { url } = await hub('--count', '100', '--rate', '200/s', '--faults', 'drop', '--fault-every', '5')
    const out = join(dir, 'once.jsonl')
    const r = await tap([
      `events-hub:${url}`,
      '--token',
      TOKEN,
      '--event-types',
      'pdfm,orchestrator',
      '--no-reconnect',
      '--out',
      out,
    ]).done
    expect(r.code).toBe(1)
    expect(r.err).toContain('connection lost (dropped without a close frame); not reconnecting (--no-reconnect)')
    expect(r.err).toMatch(/1 gap/)
    expect(connections(lines(out))).toHaveLength(1)
  })

  it.each([
    [
      'bad credentials',
      (url: string) => [`events-hub:${url}`, '--token', 'wrong'],
      /refused the credentials \(401 authentication required\): check --token or --api-key/,
    ],
    [
      'a wrong path',
      (url: string) => [`events-hub:${url.replace('/api/v1/ws/subscribe', '/v1/ws/subscribe')}`, '--token', TOKEN],
      /no WebSocket at \/v1\/ws\/subscribe \(404\)/,
    ],
    [
      'a TLS mismatch (TLS spoken to a plain server)',
      (url: string) => [`events-hub:${url.replace('ws:', 'wss:')}`, '--token', TOKEN],
      /the TLS handshake with 127\.0\.0\.1:\d+ failed \(EPROTO\): check the scheme/,
    ],
  ])('%s exits 2 with one line that says what to check', async (_what, args, message) => {
    const { url } = await hub('--count', '0')
    const r = await tap([...args(url), '--out', join(dir, 'never.jsonl')]).done
    expect(r.code).toBe(2)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(message)
  })

  it.each([
    [
      'a refused connection',
      async () => `events-hub:ws://127.0.0.1:${await freePort()}/api/v1/ws/subscribe`,
      /connection refused by 127\.0\.0\.1:\d+/,
    ],
    [
      'an unknown host',
      async () => 'events-hub:wss://no-such-host.invalid/api/v1/ws/subscribe',
      /unknown host in no-such-host\.invalid/,
    ],
  ])('%s exits 2 with one line that says what to check', async (_what, source, message) => {
    const r = await tap([await source(), '--out', join(dir, 'never.jsonl')]).done
    expect(r.code).toBe(2)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(message)
  })

  it('a hub whose event service is down (503) exits 2 at the start', async () => {
    const { url } = await hub('--unavailable')
    const r = await tap([`events-hub:${url}`, '--token', TOKEN, '--out', join(dir, 'down.jsonl')]).done
    expect(r.code).toBe(2)
    expect(r.err).toMatch(
      /event service is not available \(503 EventEmitter service is not available\): check the server\n$/,
    )
    expect(r.err.trim().split('\n')).toHaveLength(1)
  })

  it('stops cleanly when its stdout is closed (| head), with the summary', async () => {
    const { url } = await hub('--rate', '100/s')
    const script = `node bin/evcat.js tap events-hub:${url} --token ${TOKEN} --event-types pdfm,orchestrator | head -n 2; echo "tap exit $\{PIPESTATUS[0]}" >&2`
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()))
    await new Promise((r) => child.on('close', r))
    expect(out.split('\n').filter(Boolean)).toHaveLength(2)
    expect(err).toMatch(/\(stopped: stdout was closed\)/)
    expect(err).toContain('tap exit 0')
  })

  it('never overwrites a capture: --append continues it, numbering lines after the existing ones', async () => {
    const { url } = await hub('--rate', '50/s', '--invalid', '100%')
    const out = join(dir, 'append.jsonl')
    const source = [`events-hub:${url}`, '--token', TOKEN, '--event-types', 'pdfm,orchestrator']
    expect((await tap([...source, '--count', '1', '--out', out]).done).code).toBe(0)
    const again = await tap([...source, '--count', '1', '--out', out]).done
    expect(again.code).toBe(2)
    expect(again.err).toBe(`evcat: ${out} already exists: choose another --out, or add --append to continue it\n`)
    // The existing line, then the welcome, the client-id reply and two feed frames, every one of them invalid.
    const r = await tap([...source, '--count', '4', '--out', out, '--append', '--validate']).done
    const captured = lines(out)
    expect(captured).toHaveLength(5)
    const invalid = captured.flatMap((l, i) => (i > 0 && isHubFeedLine(l) ? [i + 1] : []))
    expect(invalid).toHaveLength(2)
    for (const line of invalid) expect(r.err).toContain(`${out}:${line}: invalid`)
    expect(r.code).toBe(1)
  })
})
