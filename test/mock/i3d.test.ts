import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feedFrames } from '../../src/mock/feed.js'
import type { FeedData, FeedOptions, MockFrame } from '../../src/mock/types.js'
import { rabbitSkipReason, startRabbit, type RabbitNode } from '../helpers/rabbitmq.js'
import { validateJson } from '../validate/helpers.js'
import { readManifest, runMockCli, tempDir } from './helpers.js'

// The i3D mock publishes to a real RabbitMQ (a private node for this file); clients evcat did not write consume:
// Debian's amqp-consume and Python's pika.
const START = '2026-03-04T05:06:07Z'
const skip = rabbitSkipReason(['pika', 'amqp-tools'])
if (skip !== undefined) console.warn(`skipping the i3D mock tests: ${skip}`)
let node: RabbitNode | undefined

beforeAll(async () => {
  if (skip === undefined) node = await startRabbit()
}, 120_000)
afterAll(async () => {
  await node?.stop()
}, 60_000)

async function served(options: FeedOptions): Promise<MockFrame[]> {
  const url = pathToFileURL(join(process.cwd(), 'out/package/mock/i3d.data.js')).href
  const data = ((await import(url)) as { default: FeedData }).default
  return [...feedFrames(data, { ...options, start: Date.parse(START) })]
}

function publish(...args: string[]) {
  return runMockCli(['i3d', '--amqp', node!.url, '--rate', 'max', '--start', START, ...args])
}

describe.skipIf(skip !== undefined)('evcat mock serve i3d → RabbitMQ', () => {
  it('declares a durable topic exchange and a queue with the 2-hour TTL, says so, and amqp-consume gets every body', async () => {
    const r = await publish(
      '--count',
      '40',
      '--seed',
      '3',
      '--exchange',
      'i3d.events',
      '--routing-key',
      'i3d.platform.events',
      '--queue',
      'evcat-a',
    )
    expect(r.code).toBe(0)
    expect(r.err).toContain('declared exchange i3d.events (topic, durable)')
    expect(r.err).toContain('declared queue evcat-a (durable, x-message-ttl 7200000 ms')
    expect(r.err).toContain('stopped (feed done): published 40 messages')
    expect(await node!.ctl('list_exchanges', 'name', 'type', 'durable')).toMatch(/^i3d\.events\ttopic\ttrue$/m)
    expect(await node!.ctl('list_queues', 'name', 'messages', 'arguments')).toMatch(
      /^evcat-a\t40\t\[\{"x-message-ttl",7200000\}\]$/m,
    )
    const out = execFileSync(
      'amqp-consume',
      ['--url', node!.url, '-q', 'evcat-a', '-c', '40', '--', 'sh', '-c', 'cat; echo'],
      { encoding: 'utf8', timeout: 30_000 },
    )
    // One JSON object per message body, byte for byte what the feed made (19-digit ids included).
    expect(out.trimEnd().split('\n')).toEqual((await served({ seed: '3', count: 40 })).map((f) => f.text))
  })

  it('pika sees application/json with a 7200000 ms expiration on each message', async () => {
    await publish('--count', '5', '--exchange', '', '--queue', 'evcat-b', '--routing-key', 'evcat-b')
    const script = `
import json, pika, sys
c = pika.BlockingConnection(pika.URLParameters(sys.argv[1]))
ch = c.channel()
for _ in range(5):
    m, p, body = ch.basic_get('evcat-b', auto_ack=True)
    print(json.dumps({"expiration": p.expiration, "content_type": p.content_type, "delivery_mode": p.delivery_mode, "code": json.loads(body)["code"]}))
c.close()
`
    const lines = execFileSync('/usr/bin/python3', ['-c', script, node!.url], { encoding: 'utf8', timeout: 30_000 })
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(5)
    for (const l of lines)
      expect(l).toMatchObject({ expiration: '7200000', content_type: 'application/json', delivery_mode: 2 })
  })

  it('the consumer’s validator catches exactly the frames the manifest lists', async () => {
    const dir = tempDir('i3d')
    const manifest = join(dir, 'injected.jsonl')
    await publish('--count', '300', '--invalid', '0.1', '--drift', '0.1', '--queue', 'evcat-c', '--manifest', manifest)
    const out = execFileSync(
      'amqp-consume',
      ['--url', node!.url, '-q', 'evcat-c', '-c', '300', '--', 'sh', '-c', 'cat; echo'],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    )
    writeFileSync(join(dir, 'consumed.jsonl'), out)
    const { report } = await validateJson(join(dir, 'consumed.jsonl'), '--max-problems', '100000')
    const injected = readManifest(manifest)
    expect(injected.length).toBeGreaterThan(20)
    expect(report.problems.map((p) => ({ seq: p.line - 1, status: p.status }))).toEqual(
      injected.map((m) => ({ seq: m.seq, status: m.kind })),
    )
    report.problems.forEach((p, i) => expect(p.errors.map((e) => e.pointer)).toContain(injected[i]!.pointer))
  })

  it('exits 2 with one line when the broker cannot be reached', async () => {
    const r = await runMockCli(['i3d', '--amqp', 'amqp://guest:guest@127.0.0.1:1', '--count', '1'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^evcat: cannot connect to amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/)
  })
})
