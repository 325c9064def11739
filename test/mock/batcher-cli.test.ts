import { execFileSync, spawn } from 'node:child_process'
import { createReadStream, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { feedFrames } from '../../src/mock/feed.js'
import type { FeedData, FeedOptions } from '../../src/mock/types.js'
import { validateJson } from '../validate/helpers.js'
import { readManifest, runMockCli, startMockCli, tempDir, until } from './helpers.js'

async function served(options: FeedOptions): Promise<string[]> {
  const url = pathToFileURL(join(process.cwd(), 'out/package/mock/batcher.data.js')).href
  const data = ((await import(url)) as { default: FeedData }).default
  return [...feedFrames(data, options)].map((f) => f.text)
}

describe('evcat mock serve batcher', () => {
  it('writes the feed to stdout, one JSON object per line, and the same seed gives the same bytes', async () => {
    const args = ['batcher', '--count', '300', '--rate', 'max', '--seed', '7', '--invalid', '0.1', '--drift', '0.1']
    const a = await runMockCli(args)
    const b = await runMockCli(args)
    expect(a.code).toBe(0)
    expect(a.out).toBe(b.out)
    expect(a.out.trimEnd().split('\n')).toEqual(await served({ count: 300, seed: '7', invalid: 0.1, drift: 0.1 }))
    expect(a.err).toContain('stopped (feed done): wrote 300 events')
    expect((await runMockCli([...args.slice(0, -1), '0.2'])).out).not.toBe(a.out)
  })

  it('writes to a file, and evcat validate of it reports exactly the manifest', async () => {
    const dir = tempDir('batcher')
    const r = await runMockCli([
      'batcher',
      '--count',
      '500',
      '--rate',
      'max',
      '--invalid',
      '5%',
      '--drift',
      '5%',
      '--output',
      join(dir, 'out.jsonl'),
      '--manifest',
      join(dir, 'm.jsonl'),
    ])
    expect(r.code).toBe(0)
    expect(r.out).toBe('')
    const { report } = await validateJson(join(dir, 'out.jsonl'), '--max-problems', '10000')
    const manifest = readManifest(join(dir, 'm.jsonl'))
    expect(report.problems.map((p) => [p.line - 1, p.status])).toEqual(manifest.map((m) => [m.seq, m.kind]))
  })

  it('writes to a FIFO, and a slow reader pushes the writer back without losing a line', async () => {
    const dir = tempDir('batcher-fifo')
    const fifo = join(dir, 'events.fifo')
    execFileSync('mkfifo', [fifo])
    const writer = runMockCli(['batcher', '--count', '20000', '--rate', 'max', '--output', fifo])
    const stream = createReadStream(fifo, { highWaterMark: 4096 })
    let text = ''
    let reads = 0
    // Read slowly at first: the pipe fills, and the writer must wait rather than drop or buffer everything.
    for await (const chunk of stream) {
      text += String(chunk)
      if (++reads < 50) await new Promise((r) => setImmediate(r))
    }
    const r = await writer
    expect(r.code).toBe(0)
    expect(text.trimEnd().split('\n')).toEqual(await served({ count: 20000 }))
  })
})

describe('evcat mock serve: usage', () => {
  it.each([
    [['nope'], /^evcat: no mock for "nope"; the families are: lxd, events-hub, i3d, batcher\n$/],
    [['events-hub', '--socket', '/tmp/x'], /^evcat: --socket is for lxd, not events-hub\n$/],
    [['lxd'], /^evcat: lxd needs --socket PATH or --listen HOST:PORT \(or both\)\n$/],
    [['batcher', '--rate', 'fast'], /^evcat: --rate takes frames per second, as 10\/s \(or max\), not "fast"\n$/],
    [['batcher', '--invalid', '2'], /^evcat: --invalid takes a share between 0 and 1/],
    [
      ['events-hub', '--faults', 'melt'],
      /^evcat: unknown fault "melt"; the kinds are: drop, stall, split, truncate, slow\n$/,
    ],
    [['batcher', '--faults'], /^evcat: --faults is for the WebSocket servers/],
    [['events-hub', '--listen', 'nowhere'], /^evcat: --listen takes HOST:PORT/],
  ])('%j is a usage error (exit 2, one line)', async (args, message) => {
    const r = await runMockCli(args)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
  })

  it('stops by itself after --duration, and writes the manifest file even when nothing was injected', async () => {
    const dir = tempDir('duration')
    const m = await startMockCli([
      'events-hub',
      '--listen',
      '127.0.0.1:0',
      '--duration',
      '300ms',
      '--manifest',
      join(dir, 'm.jsonl'),
    ])
    expect(await m.exited()).toBe(0)
    expect(m.stderr()).toContain('stopped (--duration reached)')
    expect(readFileSync(join(dir, 'm.jsonl'), 'utf8')).toBe('')
  })

  it('refuses a manifest it cannot write (exit 2)', async () => {
    const r = await runMockCli(['batcher', '--count', '1', '--manifest', '/nonexistent/dir/m.jsonl'])
    expect(r.code).toBe(2)
    expect(r.err.trim().split('\n')).toHaveLength(1)
  })

  it('works through npx, as the README shows', async () => {
    const child = spawn('npx', ['--no-install', 'evcat', 'mock', 'serve', 'batcher', '--count', '3', '--rate', 'max'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await until(() => child.exitCode !== null, 30_000, 'npx evcat to exit')
    expect(child.exitCode).toBe(0)
    expect(out.trimEnd().split('\n')).toHaveLength(3)
  })
})
