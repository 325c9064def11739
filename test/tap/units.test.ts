// The tap's pieces that need no server: lines from frames, backoff, source parsing, the report's shape.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FamilyTable } from '../../src/runtime/dispatch.js'
import { LiveJudge } from '../../src/tap/judge.js'
import { frameLine, joinLines } from '../../src/tap/line.js'
import { TapReport } from '../../src/tap/report.js'
import { newTapState } from '../../src/tap/state.js'
import { parseAmqpUrl } from '../../src/transport/amqp-connect.js'
import { parseEventsHubSource } from '../../src/transport/events-hub.js'
import { lxdEventsPath, parseLxdSource } from '../../src/transport/lxd.js'
import { backoffDelay, DEFAULT_RECONNECT } from '../../src/transport/reconnect.js'
import { formatJson } from '../../src/validate/report/json.js'

describe('frameLine', () => {
  it.each([
    ['a frame without a newline is the line', '{"a":1}', '{"a":1}', false],
    ['the one newline that ends a message is dropped', '{"a":1}\n', '{"a":1}', false],
    ['so is a CRLF', '{"a":1}\r\n', '{"a":1}', false],
    ['only one', '{"a":1}\n\n', '{"a":1} ', true],
    ['line breaks inside become spaces, byte for byte', '{\n "a":\r\n1}\n', '{  "a":  1}', true],
    [
      'nothing else changes: spacing, key order, escapes',
      '{ "b":"\\u0026",  "a" :1}',
      '{ "b":"\\u0026",  "a" :1}',
      false,
    ],
  ])('%s', (_what, frame, line, replaced) => {
    const l = frameLine(Buffer.from(frame))
    expect(l.bytes.toString()).toBe(line)
    expect(l.replacedBreaks).toBe(replaced)
  })

  it('joins lines with a newline after each', () => {
    expect(joinLines([Buffer.from('a'), Buffer.from(''), Buffer.from('b')]).toString()).toBe('a\n\nb\n')
  })
})

describe('backoff', () => {
  it('grows by the factor up to the cap, and jitter only lowers it', () => {
    const p = { ...DEFAULT_RECONNECT, initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 }
    expect([1, 2, 3, 4, 5, 9].map((a) => backoffDelay(a, p, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000])
    expect(backoffDelay(3, p, () => 1)).toBe(200)
    for (let a = 1; a < 20; a++) expect(backoffDelay(a, p)).toBeLessThanOrEqual(1000)
  })
})

describe('sources', () => {
  it('LXD: the socket from LXD_DIR or the path given; HTTPS on 8443 by default; the query', () => {
    expect(parseLxdSource('lxd:unix', { LXD_DIR: '/srv/lxd' })).toEqual({
      kind: 'unix',
      socket: '/srv/lxd/unix.socket',
    })
    expect(parseLxdSource('lxd:unix:/x/unix.socket', {})).toEqual({ kind: 'unix', socket: '/x/unix.socket' })
    const https = parseLxdSource('lxd:https://10.0.0.5', {})
    expect(https.kind === 'https' && https.url.host).toBe('10.0.0.5:8443')
    expect(() => parseLxdSource('lxd:ftp://x', {})).toThrow('use lxd:unix, lxd:unix:PATH or lxd:https://HOST:8443')
    expect(lxdEventsPath({ types: ['lifecycle', 'operation'], allProjects: true })).toBe(
      '/1.0/events?type=lifecycle%2Coperation&all-projects=true',
    )
    expect(lxdEventsPath({ project: 'p1' })).toBe('/1.0/events?project=p1')
  })

  it('Events Hub: the subscribe path by default; AMQP: names for logs never show the password', () => {
    expect(parseEventsHubSource('events-hub:wss://hub.example').href).toBe('wss://hub.example/api/v1/ws/subscribe')
    expect(() => parseEventsHubSource('events-hub:https://hub.example')).toThrow('start with ws:// or wss://')
    const a = parseAmqpUrl('amqp://user:s3cret@mq.example/prod')
    expect(a).toEqual({
      url: 'amqp://user:s3cret@mq.example/prod',
      name: 'amqp://user@mq.example:5672/prod',
      host: 'mq.example:5672',
      vhost: 'prod',
    })
    expect(parseAmqpUrl('amqps://mq').name).toBe('amqps://mq:5671/%2F')
  })
})

describe('the tap report', () => {
  it("is `evcat validate --format json`'s document, plus each problem's time and the tap section", async () => {
    const { tables } = (await import(pathToFileURL(resolve('out/validators/index.js')).href)) as {
      tables: FamilyTable[]
    }
    const judge = new LiveJudge(tables, { strict: false, maxProblems: 2, file: 'c.jsonl' })
    const state = newTapState('amqp://mq/ queue q', 'c.jsonl')
    const report = new TapReport(judge, state)
    const samples = [
      ...readFileSync('out/fixtures/lxd/valid.jsonl', 'utf8').split('\n').slice(0, 3),
      ...readFileSync('out/fixtures/i3d/invalid.jsonl', 'utf8').split('\n').slice(0, 2),
      'not json',
    ]
    samples.forEach((s, i) => judge.judge(i + 1, Buffer.from(s), Date.UTC(2026, 0, 1, 0, 0, i)))
    report.json() // the cached problems must not go stale when more arrive
    judge.judge(7, Buffer.from('{}'), Date.UTC(2026, 0, 1, 0, 1))
    const text = report.json()
    const doc = JSON.parse(text) as Record<string, unknown> & { problems: Record<string, unknown>[] }
    expect(text).toBe(JSON.stringify(doc, null, 2) + '\n')
    expect(doc.problems.map((p) => p['time'])).toEqual(['2026-01-01T00:00:03.000Z', '2026-01-01T00:00:04.000Z'])
    const { tap, ...rest } = doc
    const plain = { ...rest, problems: doc.problems.map(({ time: _time, ...p }) => p) }
    const validate = JSON.parse(formatJson(judge.tally.report(false))) as Record<string, unknown>
    expect({ ...plain, files: [] }).toEqual({ ...validate, files: [] })
    expect(plain.files).toEqual([{ file: 'c.jsonl', records: 7, kind: 'jsonl', error: null }])
    expect(tap).toMatchObject({
      reports: [{ source: 'amqp://mq/ queue q', out: 'c.jsonl', ended: null }],
      atRisk: [],
      duplicates: 0,
    })
    expect(doc['omittedProblems']).toBe(2)
  })
})
