// evcat tap amqp://… against a real, private rabbitmq-server node (test/helpers/rabbitmq.ts), with messages
// published by an independent client (python3-pika).
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  freePort,
  publishWithPika,
  queueCounts,
  rabbitSkipReason,
  startRabbit,
  type RabbitNode,
} from '../helpers/rabbitmq.js'
import { evcat, jsonLines, lines, scratch, waitFor } from './helpers.js'

const skip = rabbitSkipReason()
if (skip !== undefined) console.warn(`skipping the AMQP tap tests: ${skip}`)

describe.skipIf(skip !== undefined)('evcat tap amqp://', () => {
  let node: RabbitNode
  const dir = scratch()
  beforeAll(async () => {
    node = await startRabbit()
  })
  afterAll(async () => {
    await node?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Writes bodies to a file and publishes them to a fresh queue; returns the queue's name. */
  async function publish(queue: string, bodies: readonly string[], waitForQueue = true): Promise<void> {
    const file = join(dir, `${queue}.src`)
    writeFileSync(file, bodies.map((b) => b + '\n').join(''))
    expect(await publishWithPika({ url: node.url, file, queue, waitForQueue })).toBe(bodies.length)
  }

  it('writes each message exactly as it arrived, one per line, and acknowledges it only then', async () => {
    const valid = readFileSync('out/fixtures/lxd/valid.jsonl', 'utf8').split('\n').filter(Boolean).slice(0, 20)
    // Key order, spacing and escapes as the publisher sent them: nothing may be re-encoded.
    const odd = ['{ "type" : "logging" ,"metadata":{}}', 'not json at all', '{"b":1,"a":"\\u0041"}']
    await publish('q-exact', [...valid, ...odd])
    const out = join(dir, 'exact.jsonl')
    const tap = await evcat(['tap', node.url, '--queue', 'q-exact', '--count', '23', '--out', out]).done
    expect(tap.code).toBe(0)
    expect(lines(out)).toEqual([...valid, ...odd])
    expect(tap.err).toMatch(/tap: 23 frames .* 1 unreadable/)
    await waitFor('the acks to reach the queue', async () => (await queueCounts(node, 'q-exact')).unacked === 0)
    expect(await queueCounts(node, 'q-exact')).toEqual({ ready: 0, unacked: 0 })
  })

  it('--validate prints each problem as it is judged and counts the unreadable frame; --report json sums it', async () => {
    const invalid = readFileSync('out/fixtures/lxd/invalid.jsonl', 'utf8').split('\n').filter(Boolean).slice(0, 3)
    const valid = readFileSync('out/fixtures/lxd/valid.jsonl', 'utf8').split('\n').filter(Boolean).slice(0, 5)
    await publish('q-validate', [...valid, ...invalid, 'not json'])
    const out = join(dir, 'validate.jsonl')
    const report = join(dir, 'validate.json')
    const tap = await evcat([
      'tap',
      node.url,
      '--queue',
      'q-validate',
      '--count',
      '9',
      '--out',
      out,
      '--validate',
      '--report',
      report,
    ]).done
    expect(tap.code).toBe(1)
    expect(tap.err).toContain(`${out}:6: invalid lxd/`)
    expect(tap.err).toContain(`${out}:9: unreadable`)
    expect(tap.err).toContain('9 records: 5 valid, 3 invalid, 0 drift, 1 unreadable')
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      summary: object
      problems: { line: number; time: string }[]
    }
    expect(json.summary).toEqual({ total: 9, valid: 5, invalid: 3, drift: 0, unreadable: 1 })
    expect(json.problems.map((p) => p.line)).toEqual([6, 7, 8, 9])
    expect(json.problems.every((p) => !Number.isNaN(Date.parse(p.time)))).toBe(true)
  })

  it('--exchange with --binding consumes a server-named queue bound to the exchange', async () => {
    const out = join(dir, 'exchange.jsonl')
    const declare = join(dir, 'none.src')
    writeFileSync(declare, '')
    await publishWithPika({ url: node.url, file: declare, exchange: 'x-topic', exchangeType: 'topic' })
    const tap = evcat(['tap', node.url, '--exchange', 'x-topic', '--binding', 'lxd.#', '--count', '2', '--out', out])
    await waitFor('the tap to bind its queue', async () => (await node.ctl('list_bindings', '-q')).includes('lxd.#'))
    const bodies = join(dir, 'exchange.src')
    writeFileSync(bodies, '{"n":1}\n{"n":2}\n{"n":3}\n')
    await publishWithPika({ url: node.url, file: bodies, exchange: 'x-topic', routingKey: 'other.key' })
    await publishWithPika({ url: node.url, file: bodies, exchange: 'x-topic', routingKey: 'lxd.lifecycle' })
    const r = await tap.done
    expect(r.code).toBe(0)
    // Only the bound key arrives, in order; --count stops after two and the third goes back with the queue.
    expect(lines(out)).toEqual(['{"n":1}', '{"n":2}'])
  })

  it('a full disk stops with exit 2 and the unacknowledged messages go back to the queue, marked redelivered next time', async () => {
    const bodies = Array.from({ length: 10 }, (_, i) => `{"n":${i}}`)
    await publish('q-full', bodies)
    const full = await evcat(['tap', node.url, '--queue', 'q-full', '--out', '/dev/full']).done
    expect(full.code).toBe(2)
    expect(full.err).toMatch(/^evcat: cannot write \/dev\/full: no space left on the device/m)
    await waitFor('the messages to be back', async () => (await queueCounts(node, 'q-full')).ready === 10)
    const out = join(dir, 'full.jsonl')
    const meta = join(dir, 'full.meta')
    const again = await evcat(['tap', node.url, '--queue', 'q-full', '--count', '10', '--out', out, '--meta', meta])
      .done
    expect(again.code).toBe(0)
    expect(lines(out)).toEqual(bodies)
    const marks = jsonLines<{ kind: string; line: number; id: string }>(meta)
    expect(marks.map((m) => [m.kind, m.line, m.id])).toEqual(bodies.map((_, i) => ['redelivered', i + 1, `m${i + 1}`]))
  })

  it('a report that cannot be written stops the tap with exit 2 before it takes a message', async () => {
    await publish('q-report', ['{"n":1}'])
    const report = join(dir, 'no-such-folder', 'r.json')
    const r = await evcat([
      'tap',
      node.url,
      '--queue',
      'q-report',
      '--report',
      report,
      '--out',
      join(dir, 'report.jsonl'),
    ]).done
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^evcat: cannot write the report .*no-such-folder\/r\.json: ENOENT/)
    expect(lines(join(dir, 'report.jsonl'))).toEqual([])
    expect(await queueCounts(node, 'q-report')).toEqual({ ready: 1, unacked: 0 })
  })

  it('reconnects with backoff when the broker drops the connection, logging it; --no-reconnect exits 1', async () => {
    await publish('q-drop', ['{"n":1}'])
    const out = join(dir, 'drop.jsonl')
    const tap = evcat(['tap', node.url, '--queue', 'q-drop', '--count', '2', '--out', out])
    await waitFor('the first message', () => lines(out).length === 1)
    await node.ctl('close_all_connections', 'evcat test')
    await waitFor('the reconnect', () => tap.err().includes('reconnected'))
    await publish('q-drop', ['{"n":2}'], false)
    const r = await tap.done
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/connection lost .*; reconnecting in \d+\.\d s \(attempt 1\)/)
    expect(r.err).toContain('1 reconnect')
    expect(lines(out)).toEqual(['{"n":1}', '{"n":2}'])

    const strict = evcat(['tap', node.url, '--queue', 'q-drop', '--no-reconnect', '--out', join(dir, 'drop2.jsonl')])
    await waitFor('the consumer', async () => (await node.ctl('list_consumers', '-q')).includes('q-drop'))
    await node.ctl('close_all_connections', 'evcat test')
    const s = await strict.done
    expect(s.code).toBe(1)
    expect(s.err).toContain('not reconnecting (--no-reconnect)')
  })

  it.each([
    [
      'a refused connection',
      async () => `amqp://guest:guest@127.0.0.1:${await freePort()}/`,
      'q-x',
      /connection refused by 127\.0\.0\.1:\d+/,
    ],
    ['bad credentials', async () => node.url.replace('guest:guest', 'guest:wrong'), 'q-x', /refused the login \(403/],
    ['an unknown vhost', async () => `${node.url}/nosuchvhost`, 'q-x', /no access to vhost "nosuchvhost"/],
    ['a queue that does not exist', async () => node.url, 'no-such-queue', /no queue "no-such-queue" in vhost "\/"/],
    [
      'an unknown host',
      async () => 'amqp://guest:guest@no-such-host.invalid:5672/',
      'q-x',
      /unknown host in no-such-host\.invalid/,
    ],
  ])('%s exits 2 with one line that says what to check', async (_what, url, queue, message) => {
    const r = await evcat(['tap', await url(), '--queue', queue, '--out', join(dir, 'never.jsonl')]).done
    expect(r.code).toBe(2)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toMatch(message)
  })
})
