// evcat tap … --publish amqp://… --exchange X: a WebSocket stream fanned out to RabbitMQ, where competing
// consumers (evcat tap amqp://…) capture it. The bytes must survive both hops unchanged.
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishWithPika, rabbitSkipReason, startRabbit, type RabbitNode } from '../helpers/rabbitmq.js'
import { feedFrames } from '../../src/mock/feed.js'
import type { FeedData } from '../../src/mock/types.js'
import { startMockCli, type MockProcess } from '../mock/helpers.js'
import { evcat, isHubFeedLine, lines, scratch, waitFor } from './helpers.js'

const START = '2026-03-04T05:06:07Z'

const skip = rabbitSkipReason()
if (skip !== undefined) console.warn(`skipping the --publish tests: ${skip}`)

describe.skipIf(skip !== undefined)('evcat tap --publish', () => {
  let node: RabbitNode
  let hub: MockProcess
  const dir = scratch()
  beforeAll(async () => {
    node = await startRabbit()
    // The Events Hub mock: 60 frames (Go-escaped, some invalid) to each connection, from a fixed first time.
    const feed = ['--count', '60', '--rate', '200/s', '--seed', '9', '--invalid', '10%', '--start', START]
    hub = await startMockCli(['events-hub', '--listen', '127.0.0.1:0', ...feed])
    const none = join(dir, 'none.src')
    writeFileSync(none, '')
    await publishWithPika({ url: node.url, file: none, exchange: 'hub-events', exchangeType: 'fanout' })
  })
  afterAll(async () => {
    await hub?.stop()
    await node?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('publishes every frame, exactly, to the exchange, and a consumer of the exchange captures the same lines', async () => {
    const fanout = join(dir, 'fanout.jsonl')
    const consumer = evcat(['tap', node.url, '--exchange', 'hub-events', '--out', fanout])
    await waitFor('the consumer', () => consumer.err().includes(': connected'))
    const url = pathToFileURL(join(process.cwd(), 'out/package/mock/events-hub.data.js')).href
    const data = ((await import(url)) as { default: FeedData }).default
    const expected = [...feedFrames(data, { seed: '9', count: 60, invalid: 0.1, start: Date.parse(START) })]
    const publisher = evcat([
      'tap',
      `events-hub:ws://${hub.address}/api/v1/ws/subscribe`,
      ...['--token', 'evcat-mock-token', '--event-types', data.channels!.join(','), '--ping-interval', '0'],
      ...['--publish', node.url, '--exchange', 'hub-events'],
    ])
    // The welcome, the client-id reply, then the feed: every frame the hub sent, in order.
    await waitFor('the consumer to have every frame', () => lines(fanout).length === expected.length + 2)
    publisher.child.kill('SIGINT')
    consumer.child.kill('SIGINT')
    const [p, c] = await Promise.all([publisher.done, consumer.done])
    expect(p.code).toBe(0)
    expect(p.out).toBe('') // with --publish nothing goes to stdout
    expect(c.code).toBe(0)
    const captured = lines(fanout)
    expect(captured[0]).toContain('"message":"WebSocket connection established subscribed to global by default"')
    expect(captured.filter(isHubFeedLine)).toEqual(expected.map((f) => f.text))
  })

  it.skipIf(spawnSync('lxc', ['query', '/1.0'], { stdio: 'ignore', timeout: 15_000 }).status !== 0)(
    'fans a real LXD stream out: what the consumer captures is byte for byte what the LXD tap wrote',
    async () => {
      const fanout = join(dir, 'lxd-fanout.jsonl')
      const local = join(dir, 'lxd-local.jsonl')
      const consumer = evcat(['tap', node.url, '--exchange', 'hub-events', '--out', fanout])
      await waitFor('the consumer', () => consumer.err().includes(': connected'))
      const publisher = evcat([
        'tap',
        'lxd:unix',
        '--type',
        'lifecycle',
        '--out',
        local,
        '--publish',
        node.url,
        '--exchange',
        'hub-events',
      ])
      await waitFor('the LXD tap', () => publisher.err().includes(': connected'))
      const name = `evcpub${process.pid}`
      for (const args of [
        ['create', name],
        ['set', name, 'user.a', '1'],
        ['delete', name],
      ])
        expect(spawnSync('lxc', ['profile', ...args]).status).toBe(0)
      await waitFor('the deletion to reach the consumer', () =>
        lines(fanout).some((l) => l.includes('profile-deleted') && l.includes(name)),
      )
      publisher.child.kill('SIGINT')
      consumer.child.kill('SIGINT')
      await Promise.all([publisher.done, consumer.done])
      expect(lines(local).length).toBeGreaterThanOrEqual(3)
      expect(readFileSync(fanout)).toEqual(readFileSync(local))
    },
  )

  it('an exchange that does not exist exits 2 with one line that says what to check', async () => {
    const source = `events-hub:ws://${hub.address}/api/v1/ws/subscribe`
    const r = await evcat(['tap', source, '--publish', node.url, '--exchange', 'nope']).done
    expect(r.code).toBe(2)
    expect(r.err).toMatch(
      /^evcat: no exchange "nope" in vhost "\/" on 127\.0\.0\.1:\d+: check the name \(evcat does not declare it\)\n$/,
    )
  })
})
