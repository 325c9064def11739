// Scale-out over RabbitMQ: 100,000 messages (fixtures, 1% invalid) on one real queue, three `evcat tap`
// consumers competing for it, one of them SIGKILLed midway. Nothing may be lost, every duplicate must be a
// marked redelivery, and the merged reports must count exactly what was published.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../cli/run.js'
import { Rng } from '../../src/prng.js'
import { publishWithPika, queueCounts, rabbitSkipReason, startRabbit, type RabbitNode } from '../helpers/rabbitmq.js'
import type { JsonReport } from '../validate/helpers.js'
import { evcat, jsonLines, scratch, waitFor, type Evcat } from './helpers.js'

const TOTAL = 100_000
const INVALID = 1000
const skip = rabbitSkipReason()
if (skip !== undefined) console.warn(`skipping the competing-consumers test: ${skip}`)

/** 99,000 distinct valid fixture lines and 1,000 distinct invalid ones, mixed by a seeded PRNG. */
async function publishedLines(): Promise<string[]> {
  // Some events carry no time or id (go-batcher), so the feed repeats lines: draw more and keep distinct ones.
  const feed = (await run('fixtures', '--count', String(TOTAL * 1.25), '--seed', '16')).out.split('\n').filter(Boolean)
  const valid = [...new Set(feed)].slice(0, TOTAL - INVALID)
  const invalid = [
    ...new Set(
      ['lxd', 'events-hub', 'i3d', 'batcher'].flatMap((f) =>
        readFileSync(`out/fixtures/${f}/invalid.jsonl`, 'utf8').split('\n'),
      ),
    ),
  ]
    .filter(Boolean)
    .slice(0, INVALID)
  expect(valid).toHaveLength(TOTAL - INVALID)
  expect(invalid).toHaveLength(INVALID)
  const random = new Rng(16)
  const out = [...valid]
  for (const line of invalid) out.splice(random.int(0, out.length), 0, line)
  return out
}

/** A capture's complete lines: a consumer killed in the middle of a write may leave a last line without its newline. */
function captured(file: string): string[] {
  if (!existsSync(file)) return []
  const text = readFileSync(file, 'utf8')
  const complete = text.slice(0, text.lastIndexOf('\n') + 1)
  return complete === '' ? [] : complete.slice(0, -1).split('\n')
}

describe.skipIf(skip !== undefined)('competing consumers on one RabbitMQ queue', () => {
  let node: RabbitNode
  const dir = scratch()
  beforeAll(async () => {
    node = await startRabbit()
  })
  afterAll(async () => {
    await node?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('three consumers, one SIGKILLed midway: every message at least once, exactly once without marked redeliveries, exact counts', async () => {
    const lines = await publishedLines()
    const source = join(dir, 'published.jsonl')
    writeFileSync(source, lines.join('\n') + '\n')
    const expected = JSON.parse(
      (await run('validate', source, '--format', 'json', '--max-problems', '0')).out,
    ) as JsonReport
    expect(expected.summary).toEqual({
      total: TOTAL,
      valid: TOTAL - INVALID,
      invalid: INVALID,
      drift: 0,
      unreadable: 0,
    })
    expect(await publishWithPika({ url: node.url, file: source, queue: 'events' })).toBe(TOTAL)

    const files = [0, 1, 2].map((i) => ({
      out: join(dir, `c${i}.jsonl`),
      meta: join(dir, `c${i}.meta`),
      report: join(dir, `c${i}.json`),
    }))
    const consumers: Evcat[] = files.map((f) =>
      evcat([
        'tap',
        node.url,
        '--queue',
        'events',
        '--prefetch',
        '200',
        '--validate',
        '--out',
        f.out,
        '--meta',
        f.meta,
        '--report',
        f.report,
      ]),
    )
    await waitFor('the first consumer to be midway', () => captured(files[0]!.out).length >= 15_000, 120_000)
    consumers[0]!.child.kill('SIGKILL')
    expect((await consumers[0]!.done).signal).toBe('SIGKILL')
    await waitFor(
      'the queue to be drained',
      async () => {
        const c = await queueCounts(node, 'events')
        return c.ready === 0 && c.unacked === 0
      },
      180_000,
    )
    for (const c of consumers.slice(1)) c.child.kill('SIGTERM')
    for (const c of consumers.slice(1)) {
      const r = await c.done
      expect(r.code, r.err.slice(-2000)).toBe(1) // they judged invalid lines
      expect(r.err).toMatch(/stopped: SIGTERM/)
    }

    // Every line is a published message, and every published message is somewhere.
    const published = new Set(lines)
    const copies = new Map<string, { file: number; line: number; marked: boolean }[]>()
    const marked = files.map(
      (f) =>
        new Set(
          jsonLines<{ kind: string; line: number }>(f.meta)
            .filter((m) => m.kind === 'redelivered')
            .map((m) => m.line),
        ),
    )
    files.forEach((f, i) =>
      captured(f.out).forEach((text, n) => {
        expect(published.has(text)).toBe(true)
        copies.set(text, [...(copies.get(text) ?? []), { file: i, line: n + 1, marked: marked[i]!.has(n + 1) }])
      }),
    )
    expect(copies.size).toBe(TOTAL)
    // A consumer that died held unacknowledged messages: RabbitMQ delivered them again, marked.
    expect(marked.reduce((s, m) => s + m.size, 0)).toBeGreaterThan(0)
    // Duplicates are always marked: dropping a marked copy that has another copy leaves each message exactly once.
    let remaining = 0
    for (const list of copies.values()) {
      expect(list.filter((c) => !c.marked).length).toBeLessThanOrEqual(1)
      remaining += list.some((c) => !c.marked) ? list.filter((c) => !c.marked).length : 1
    }
    expect(remaining).toBe(TOTAL)

    // The killed consumer's report is its last checkpoint; the merge counts each message once.
    const killedReport = JSON.parse(readFileSync(files[0]!.report, 'utf8')) as {
      tap: { reports: { ended: string | null }[] }
    }
    expect(killedReport.tap.reports[0]!.ended).toBeNull()
    const merged = await run('report', 'merge', ...files.map((f) => f.report), '--max-problems', '5000')
    const doc = JSON.parse(merged.out) as JsonReport
    expect(doc.summary).toEqual(expected.summary)
    expect(doc.summary.invalid).toBe(INVALID)
    expect(doc.events).toEqual(expected.events)
    expect(doc.problems).toHaveLength(INVALID)
    expect(merged.code).toBe(1)
  }, 600_000)
})
