import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { feedFrames } from '../../src/mock/feed.js'
import { createDispatcher, type FamilyTable } from '../../src/runtime/dispatch.js'
import { parseExact } from '../../src/runtime/parse.js'
import type { FeedData, FeedOptions, MockFrame } from '../../src/mock/types.js'
import { readManifest, runMockCli, startMockCli, tempDir, until, type MockProcess } from './helpers.js'

// The Events Hub mock, checked detail by detail with the `ws` client (and a raw TCP socket where a WebSocket
// client would hide what happened), against ../shared/reference/events-hub.md §5.
const TOKEN = 'test-token'
const START = '2026-03-04T05:06:07Z'
const running: MockProcess[] = []
const sockets: WebSocket[] = []
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate()
  for (const m of running.splice(0)) await m.stop()
})

async function hub(...args: string[]): Promise<MockProcess> {
  const m = await startMockCli(['events-hub', '--listen', '127.0.0.1:0', '--token', TOKEN, '--start', START, ...args])
  running.push(m)
  return m
}

interface Client {
  readonly ws: WebSocket
  readonly frames: string[]
  readonly pings: number[]
  readonly closed: Promise<number>
  json(i: number): Record<string, any>
}

function connect(m: MockProcess, query: string, options: WebSocket.ClientOptions = {}): Client {
  const ws = new WebSocket(`ws://${m.address}/api/v1/ws/subscribe?${query}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
    ...options,
  })
  sockets.push(ws)
  const frames: string[] = []
  const pings: number[] = []
  ws.on('message', (d) => frames.push(String(d)))
  ws.on('ping', () => pings.push(Date.now()))
  ws.on('error', () => undefined)
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  return { ws, frames, pings, closed, json: (i) => JSON.parse(frames[i]!) as Record<string, any> }
}

/** The HTTP answer to an upgrade the hub refuses. */
function refused(m: MockProcess, query: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const ws = new WebSocket(`ws://${m.address}/api/v1/ws/subscribe?${query}`, { headers })
    ws.on('open', () => reject(new Error('upgraded')))
    ws.on('error', () => undefined)
    ws.on('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString())).on('end', () => resolve({ status: res.statusCode!, body }))
    })
  })
}

async function post(m: MockProcess, body: unknown, auth = true) {
  const res = await fetch(`http://${m.address}/api/v1/ws/unsubscribe`, {
    method: 'POST',
    headers: auth ? { Authorization: `Bearer ${TOKEN}` } : {},
    body: JSON.stringify(body),
  })
  return { status: res.status, body: await res.text() }
}

/** The generated feed data the CLI serves from. */
async function feedData(): Promise<FeedData> {
  const url = pathToFileURL(join(process.cwd(), 'out/package/mock/events-hub.data.js')).href
  return ((await import(url)) as { default: FeedData }).default
}

/** The frames the CLI serves for these options (from the same generated data). */
async function served(options: FeedOptions): Promise<MockFrame[]> {
  return [...feedFrames(await feedData(), { ...options, start: Date.parse(START) })]
}

describe('auth before the upgrade', () => {
  it('answers 401 with ApiErrorDiagnosticsResponse, not a WebSocket frame, without valid credentials', async () => {
    const m = await hub()
    for (const headers of [{}, { Authorization: 'Bearer wrong' }]) {
      const r = await refused(m, 'event_types=pdfm', headers)
      expect(r.status).toBe(401)
      const body = JSON.parse(r.body) as {
        message: string
        code: number
        diagnostics: { Errors: { Code: string; Message: string }[] }
      }
      expect(body.code).toBe(401)
      expect(body.message).toContain('[401] authentication required')
      expect(body.diagnostics.Errors).toMatchObject([{ Code: '401', Message: 'authentication required' }])
    }
  })

  it('accepts a Bearer header, X-Api-Key, access_token and the authorization query (with or without Bearer)', async () => {
    const m = await hub('--api-key', 'ci:s3cret')
    const base = `ws://${m.address}/api/v1/ws/subscribe`
    const opened = (url: string, headers: Record<string, string> = {}) =>
      new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(url, { headers })
        sockets.push(ws)
        ws.once('message', (d) => resolve(String(d)))
        ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      })
    const welcome = (text: string) => (JSON.parse(text) as { message: string }).message
    expect(welcome(await opened(base, { Authorization: `Bearer ${TOKEN}` }))).toMatch(/^WebSocket connection/)
    expect(welcome(await opened(base, { 'X-Api-Key': Buffer.from('ci:s3cret').toString('base64') }))).toMatch(
      /^WebSocket/,
    )
    expect(welcome(await opened(`${base}?access_token=${TOKEN}`))).toMatch(/^WebSocket/)
    expect(welcome(await opened(`${base}?authorization=${TOKEN}`))).toMatch(/^WebSocket/)
    expect(welcome(await opened(`${base}?authorization=Bearer%20${TOKEN}`))).toMatch(/^WebSocket/)
    expect((await refused(m, '', { 'X-Api-Key': Buffer.from('ci:wrong').toString('base64') })).status).toBe(401)
  })

  it('answers a plain GET (no upgrade) with gorilla’s own 400', async () => {
    const m = await hub()
    const res = await fetch(`http://${m.address}/api/v1/ws/subscribe`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toBe('Bad Request\n')
  })
})

describe('subscribing', () => {
  it.each([
    ['', ['global']],
    ['event_types=PDFM,%20Stats%20,bogus,pdfm', ['pdfm', 'stats', 'pdfm', 'global']],
    ['event_types=global,orchestrator', ['global', 'orchestrator']],
    ['event_types=', ['global']],
  ])('?%s: the welcome on global echoes %j', async (query, subscriptions) => {
    const m = await hub('--count', '0')
    const c = connect(m, query)
    await until(() => c.frames.length > 0)
    expect(c.json(0)).toMatchObject({
      event_type: 'global',
      message: 'WebSocket connection established subscribed to global by default',
      body: { subscriptions },
    })
    expect(Object.keys(c.json(0))).toEqual(['id', 'event_type', 'timestamp', 'message', 'body'])
    expect(c.json(0)['id']).toMatch(/^[0-9a-f]{64}$/)
    expect(c.json(0)['body'].client_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/)
  })

  it('sends only the subscribed channels, one JSON object per text frame, each ending in a newline', async () => {
    const m = await hub('--count', '300', '--rate', 'max')
    const expected = (await served({ count: 300 })).filter((f) => f.channel === 'pdfm')
    const c = connect(m, 'event_types=pdfm')
    await until(() => c.frames.length === expected.length + 1, 10_000, 'the pdfm frames')
    expect(c.frames.every((t) => t.endsWith('}\n'))).toBe(true)
    expect(c.frames.slice(1).map((t) => t.slice(0, -1))).toEqual(expected.map((f) => f.text))
  })
})

describe('client frames', () => {
  async function replies(sent: readonly string[], count: number) {
    const m = await hub('--count', '0')
    const c = connect(m, 'event_types=pdfm')
    await until(() => c.frames.length === 1)
    for (const s of sent) c.ws.send(s)
    await until(() => c.frames.length === 1 + count, 5000, `${count} replies`)
    return {
      clientId: c.json(0)['body'].client_id as string,
      replies: c.frames.slice(1).map((t) => JSON.parse(t) as Record<string, any>),
    }
  }

  it('JSON ping → a pong targeted at the client, without a health subscription; the match is case-sensitive', async () => {
    const { clientId, replies: r } = await replies(
      [
        JSON.stringify({ event_type: 'health', message: 'PING', id: 'a' }),
        JSON.stringify({ event_type: 'health', message: 'ping', id: 'msg-123' }),
        JSON.stringify({ event_type: 'health', message: 'ping' }),
      ],
      2,
    )
    expect(r[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{64}$/),
      ref_id: 'msg-123',
      event_type: 'health',
      timestamp: expect.any(String),
      message: 'pong',
      client_id: clientId,
    })
    expect(Object.keys(r[0]!)).toEqual(['id', 'ref_id', 'event_type', 'timestamp', 'message', 'client_id'])
    expect(r[1]!['ref_id']).toMatch(/^[0-9a-f]{64}$/)
  })

  it('client-id (any case) → the client id, in the body as client-id and in the envelope as client_id', async () => {
    const { clientId, replies: r } = await replies(
      [JSON.stringify({ event_type: 'system', message: 'CLIENT-ID', id: 'req-42' })],
      1,
    )
    expect(r[0]).toMatchObject({
      ref_id: 'req-42',
      event_type: 'system',
      message: 'client-id',
      body: { 'client-id': clientId },
      client_id: clientId,
    })
  })

  it('answers bad frames with the hub’s error messages', async () => {
    const { clientId, replies: r } = await replies(
      [
        'ping',
        JSON.stringify({ message: 'x' }),
        JSON.stringify({ event_type: 'pdfm', message: 'x', id: 'q' }),
        JSON.stringify({ event_type: 'system', message: 5, id: 's' }),
      ],
      4,
    )
    expect(r[0]).toMatchObject({
      event_type: 'global',
      message: 'error',
      body: { error: "invalid character 'p' looking for beginning of value" },
    })
    expect(r[0]!['client_id']).toBeUndefined()
    expect(r[1]).toMatchObject({ event_type: 'global', message: 'error', body: { error: 'invalid message type ' } })
    expect(r[2]).toMatchObject({
      ref_id: 'q',
      event_type: 'global',
      body: { error: 'no handlers registered for type pdfm' },
      client_id: clientId,
    })
    expect(r[3]).toMatchObject({
      ref_id: 's',
      event_type: 'system',
      message: 'error',
      body: { error: 'json: cannot unmarshal number into Go struct field .message of type string' },
    })
  })
})

describe('heartbeat', () => {
  it('v1.0.0: protocol pings at the interval; a client that never answers them is dropped at the pong deadline (1006)', async () => {
    const m = await hub(
      '--count',
      '0',
      '--ping-interval',
      '150ms',
      '--pong-wait',
      '700ms',
      '--manifest',
      join(tempDir('hub-ping'), 'm.jsonl'),
    )
    const answering = connect(m, 'event_types=pdfm')
    const silent = connect(m, 'event_types=pdfm', { autoPong: false })
    // JSON pings do not move the read deadline.
    const json = setInterval(
      () =>
        silent.ws.readyState === WebSocket.OPEN &&
        silent.ws.send(JSON.stringify({ event_type: 'health', message: 'ping' })),
      100,
    )
    const t0 = Date.now()
    expect(await silent.closed).toBe(1006)
    clearInterval(json)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(600)
    expect(silent.frames.some((f) => f.includes('"pong"'))).toBe(true)
    await until(() => answering.pings.length >= 6, 5000, 'six pings')
    expect(answering.ws.readyState).toBe(WebSocket.OPEN)
  })

  it('v0.9.21: no protocol pings, and only the five channels it had', async () => {
    const m = await hub('--count', '0', '--server', 'v0.9.21', '--ping-interval', '100ms', '--pong-wait', '300ms')
    const c = connect(m, 'event_types=pdfm,stats,auth,orchestrator', { autoPong: false })
    await until(() => c.frames.length > 0)
    expect(c.json(0)['body'].subscriptions).toEqual(['pdfm', 'orchestrator', 'global'])
    const t0 = Date.now()
    await until(() => Date.now() - t0 > 800, 2000)
    expect(c.pings).toEqual([])
    expect(c.ws.readyState).toBe(WebSocket.OPEN)
  })
})

describe('server versions come from the catalog', () => {
  it('without --server accepts every known version’s channels, in the catalog’s order', async () => {
    const data = await feedData()
    expect(data.servers!.map((s) => s.version)).toEqual(['v0.9.21', 'v1.0.0', 'v1.0.1'])
    expect(data.servers![0]!.channels).toEqual(['global', 'pdfm', 'system', 'health', 'orchestrator'])
    const m = await hub('--count', '0')
    expect(m.stderr()).toContain('(Events Hub of any known version;')
    const c = connect(m, `event_types=${[...data.channels!].reverse().join(',')}`)
    await until(() => c.frames.length > 0)
    expect(c.json(0)['body'].subscriptions).toEqual([...data.channels!].reverse())
    expect(data.channels).toHaveLength(11)
  })

  it.each([
    ['0.9.21', 'v0.9.21'],
    ['v1.0.0', 'v1.0.0'],
  ])(
    '--server %s serves exactly what %s sends: its events and fields, as its validators judge them',
    async (asked, version) => {
      const m = await hub('--server', asked, '--rate', 'max', '--count', '400')
      expect(m.stderr()).toContain(`(Events Hub ${version};`)
      const c = connect(m, `event_types=${(await feedData()).channels!.join(',')}`)
      await until(() => c.frames.length === 401, 20_000, 'the 400 frames')
      const { tables } = (await import(pathToFileURL(join(process.cwd(), 'out/validators/index.js')).href)) as {
        tables: readonly FamilyTable[]
      }
      const judge = createDispatcher(tables, { servers: { 'events-hub': version } })
      const verdicts = c.frames.slice(1).map((t) => judge(parseExact(t), t))
      expect(verdicts.filter((v) => v.status !== 'valid')).toEqual([])
      // Judged as any version, the same frames are valid too; v0.9.21 never sends the uptime ticks of VM lives.
      const events = new Set(verdicts.map((v) => v.event))
      expect(events.has('pdfm/VM_STATE_CHANGED')).toBe(true)
      expect(events.has('pdfm/VM_UPTIME_CHANGED')).toBe(version !== 'v0.9.21')
    },
  )

  it('refuses a version the catalog does not know, listing the known ones', async () => {
    const r = await runMockCli(['events-hub', '--server', 'v2.0', '--count', '1'])
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'evcat: the events-hub catalog knows no server version "v2.0"; it knows: v0.9.21, v1.0.0, v1.0.1\n',
    )
  })

  it('--unavailable answers every subscribe with 503, before looking at the credentials', async () => {
    const m = await hub('--unavailable')
    for (const headers of [{ Authorization: `Bearer ${TOKEN}` }, {}]) {
      const r = await refused(m, 'event_types=pdfm', headers)
      expect(r.status).toBe(503)
      expect((JSON.parse(r.body) as { diagnostics: { Errors: { Message: string }[] } }).diagnostics.Errors).toEqual([
        expect.objectContaining({ Code: '503', Message: 'EventEmitter service is not available' }),
      ])
    }
  })
})

describe('POST /api/v1/ws/unsubscribe', () => {
  it('stops a channel (200, empty body), and gives the real answers for partial and failed requests', async () => {
    const m = await hub('--rate', '200/s')
    const c = connect(m, 'event_types=pdfm,orchestrator,stats')
    await until(() => c.frames.length > 1)
    const clientId = c.json(0)['body'].client_id as string
    expect(await post(m, { client_id: clientId, event_types: ['pdfm'] })).toEqual({ status: 200, body: '' })
    const after = c.frames.length
    await until(() => c.frames.length > after + 30, 10_000, '30 more frames')
    expect(c.frames.slice(after + 1).filter((t) => t.includes('"event_type":"pdfm"'))).toEqual([])
    expect(await post(m, { client_id: clientId, event_types: ['global', 'orchestrator'] })).toEqual({
      status: 200,
      body: '{"message":"cannot unsubscribe from global event type unsubscribed from: orchestrator","code":200}\n',
    })
    const diag = async (body: unknown) => {
      const r = await post(m, body)
      expect(r.status).toBe(400)
      return (JSON.parse(r.body) as { diagnostics: { Errors: { Message: string }[] } }).diagnostics.Errors[0]!.Message
    }
    expect(await diag({ client_id: clientId, event_types: ['global'] })).toBe(
      'cannot unsubscribe from global event type',
    )
    expect(await diag({ client_id: 'nobody', event_types: ['stats'] })).toBe('client nobody does not exist')
    expect(await diag({ client_id: clientId, event_types: [] })).toBe('Invalid event_types body parameter')
    expect(await diag({ client_id: clientId, event_types: ['bogus'] })).toMatch(
      /^No valid event types to unsubscribe: invalid event type\(s\): bogus\. Valid types are: global, pdfm, /,
    )
    expect((await post(m, { client_id: clientId, event_types: ['stats'] }, false)).status).toBe(401)
  })
})

describe('faults, as the client sees them', () => {
  it('drop: the connection ends without a close frame (1006)', async () => {
    const m = await hub('--rate', '500/s', '--faults', 'drop', '--fault-every', '10')
    const c = connect(m, 'event_types=pdfm,orchestrator,stats')
    expect(await c.closed).toBe(1006)
  })

  it('truncate: a frame header promises more bytes than arrive before the connection ends (1006)', async () => {
    const dir = tempDir('hub-truncate')
    const m = await hub(
      '--rate',
      '500/s',
      '--faults',
      'truncate',
      '--fault-every',
      '5',
      '--manifest',
      join(dir, 'm.jsonl'),
    )
    const raw = await rawSocket(m, 'event_types=pdfm,orchestrator,stats')
    await raw.ended
    const frames = parseFrames(raw.bytes())
    expect(frames.at(-1)!.complete).toBe(false)
    expect(frames.slice(0, -1).every((f) => f.complete)).toBe(true)
    const c = connect(m, 'event_types=pdfm,orchestrator,stats')
    expect(await c.closed).toBe(1006)
    await until(() => readManifest(join(dir, 'm.jsonl')).some((l) => l.fault === 'truncate'))
  })

  it('split: one frame arrives in several TCP reads, and still makes one message', async () => {
    const m = await hub('--rate', '100/s', '--faults', 'split', '--fault-every', '3')
    const raw = await rawSocket(m, 'event_types=pdfm,orchestrator,stats')
    await until(() => raw.chunks.some((c) => c.length > 0 && !startsFrames(c)), 10_000, 'a chunk that starts mid-frame')
    raw.socket.destroy()
    const frames = parseFrames(raw.bytes())
    expect(frames.filter((f) => f.complete).every((f) => JSON.parse(f.text) !== null)).toBe(true)
  })

  it('stall: nothing for the hold time, then the overdue frames', async () => {
    const m = await hub('--rate', '100/s', '--faults', 'stall', '--fault-every', '40', '--hold', '800ms')
    const c = connect(m, 'event_types=pdfm,orchestrator,stats,system_logs,reverse_proxy,job_manager,catalog_cache,auth')
    const times: number[] = []
    c.ws.on('message', () => times.push(Date.now()))
    await until(() => times.some((t, i) => i > 0 && t - times[i - 1]! >= 700), 15_000, 'a gap of the hold time')
  })

  it('slow: a consumer that falls behind is pushed back; the evicted frames are exactly the ones it misses', async () => {
    const dir = tempDir('hub-slow')
    const channels = [
      'pdfm',
      'orchestrator',
      'stats',
      'system_logs',
      'reverse_proxy',
      'job_manager',
      'catalog_cache',
      'auth',
    ]
    const m = await hub(
      '--rate',
      '400/s',
      '--count',
      '400',
      '--faults',
      'slow',
      '--fault-every',
      '150',
      '--hold',
      '200ms',
      '--queue-limit',
      '10',
      '--manifest',
      join(dir, 'm.jsonl'),
    )
    const c = connect(m, `event_types=${channels.join(',')}`)
    const expected = await served({ count: 400 })
    const evicted = () => readManifest(join(dir, 'm.jsonl')).filter((l) => l.fault === 'evicted')
    await until(() => c.frames.length + evicted().length === expected.length + 1, 15_000, 'every frame sent or evicted')
    const got = new Set(c.frames.slice(1).map((t) => (JSON.parse(t) as { id: string }).id))
    const missing = expected.filter((f) => !got.has((JSON.parse(f.text) as { id: string }).id)).map((f) => f.seq)
    expect(missing.length).toBeGreaterThan(0)
    expect(missing).toEqual(evicted().map((l) => l.seq))
  })
})

/** A raw TCP WebSocket client: the upgrade by hand, then every byte as it arrives. */
async function rawSocket(m: MockProcess, query: string) {
  const { connect: tcp } = await import('node:net')
  const [host, port] = m.address.split(':') as [string, string]
  const socket = tcp(Number(port), host)
  const chunks: Buffer[] = []
  let head = Buffer.alloc(0)
  let upgraded = false
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.on('data', (d: Buffer) => {
    if (upgraded) return void chunks.push(d)
    head = Buffer.concat([head, d])
    const end = head.indexOf('\r\n\r\n')
    if (end < 0) return
    upgraded = true
    if (head.length > end + 4) chunks.push(head.subarray(end + 4))
  })
  socket.write(
    `GET /api/v1/ws/subscribe?${query} HTTP/1.1\r\nHost: ${m.address}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`,
  )
  return { socket, chunks, ended, bytes: () => Buffer.concat(chunks) }
}

/** Splits server-to-client bytes into frames; the last may be incomplete. */
function parseFrames(bytes: Buffer): { opcode: number; text: string; complete: boolean }[] {
  const out: { opcode: number; text: string; complete: boolean }[] = []
  let i = 0
  while (i + 2 <= bytes.length) {
    const opcode = bytes[i]! & 0x0f
    let len = bytes[i + 1]! & 0x7f
    let at = i + 2
    if ((len === 126 && at + 2 > bytes.length) || (len === 127 && at + 8 > bytes.length)) {
      out.push({ opcode, text: '', complete: false })
      break
    }
    if (len === 126) [len, at] = [bytes.readUInt16BE(at), at + 2]
    else if (len === 127) [len, at] = [Number(bytes.readBigUInt64BE(at)), at + 8]
    const complete = at + len <= bytes.length
    out.push({ opcode, text: bytes.subarray(at, Math.min(at + len, bytes.length)).toString(), complete })
    i = at + len
  }
  return out
}

/** Whether a chunk begins with a frame header (FIN + text or ping opcode, unmasked). */
function startsFrames(chunk: Buffer): boolean {
  return chunk[0] === 0x81 || chunk[0] === 0x89
}
