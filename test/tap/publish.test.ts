// evcat tap … --publish amqp://… --exchange X: a WebSocket stream fanned out to RabbitMQ, where competing
// consumers (evcat tap amqp://…) capture it. The bytes must survive both hops unchanged.
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishWithPika, rabbitSkipReason, startRabbit, type RabbitNode } from '../helpers/rabbitmq.js'
import { startHub, type Hub } from './events-hub-server.js'
import { evcat, lines, scratch, waitFor } from './helpers.js'

const skip = rabbitSkipReason()
if (skip !== undefined) console.warn(`skipping the --publish tests: ${skip}`)

describe.skipIf(skip !== undefined)('evcat tap --publish', () => {
  let node: RabbitNode
  let hub: Hub
  const dir = scratch()
  beforeAll(async () => {
    node = await startRabbit()
    hub = await startHub()
    const none = join(dir, 'none.src')
    writeFileSync(none, '')
    await publishWithPika({ url: node.url, file: none, exchange: 'hub-events', exchangeType: 'fanout' })
  })
  afterAll(async () => {
    await hub?.close()
    await node?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('publishes every frame, exactly, to the exchange, and a consumer of the exchange captures the same lines', async () => {
    const fanout = join(dir, 'fanout.jsonl')
    const consumer = evcat(['tap', node.url, '--exchange', 'hub-events', '--out', fanout])
    await waitFor('the consumer', () => consumer.err().includes(': connected'))
    const publisher = evcat([
      'tap',
      `events-hub:${hub.url}`,
      '--event-types',
      'stats',
      '--ping-interval',
      '0',
      '--publish',
      node.url,
      '--exchange',
      'hub-events',
    ])
    await waitFor('the publisher', () => hub.connected().length === 1)
    const frames = ['{"a":1}\n', '{ "b" : "\\u0026" }\n', 'not json\n', '{"c":\n3}\n']
    for (const f of frames) hub.broadcast(f)
    const client = hub.connected()[0]!
    await waitFor('the consumer to have every frame', () => lines(fanout).length === client.sent.length)
    publisher.child.kill('SIGINT')
    consumer.child.kill('SIGINT')
    const [p, c] = await Promise.all([publisher.done, consumer.done])
    expect(p.code).toBe(0)
    expect(p.out).toBe('') // with --publish nothing goes to stdout
    expect(c.code).toBe(0)
    expect(lines(fanout)).toEqual(client.sent.map((f) => f.replace(/\n$/, '').replace(/\n/g, ' ')))
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
    const r = await evcat(['tap', `events-hub:${hub.url}`, '--publish', node.url, '--exchange', 'nope']).done
    expect(r.code).toBe(2)
    expect(r.err).toMatch(
      /^evcat: no exchange "nope" in vhost "\/" on 127\.0\.0\.1:\d+: check the name \(evcat does not declare it\)\n$/,
    )
  })
})
