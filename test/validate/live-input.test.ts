import { readFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  liveChunks,
  PAUSE,
  readFormat,
  readRecords,
  StoppedReading,
  type InputSource,
} from '../../src/validate/input/index.js'
import { Rng } from '../../src/prng.js'
import type { InputKind, InputRecord } from '../../src/validate/types.js'

// Live input: a source that pauses (a pipe from lxc monitor) or is stopped (Ctrl-C). The tests wait for what a
// write causes before writing again; the only clock is the reader's own pause timer.

const LXD = 'test/fixtures/lxd'
const RS = '\x1e'
const MAX = 64 * 1024 * 1024

/** A source whose chunks the test hands over one by one; `next` waits until the test gives one. */
function gated(): { source: AsyncGenerator<Buffer>; give: (chunk: string | undefined) => void } {
  const queue: (Buffer | undefined)[] = []
  let wake: (() => void) | undefined
  async function* source(): AsyncGenerator<Buffer> {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve))
      const chunk = queue.shift()
      if (chunk === undefined) return
      yield chunk
    }
  }
  return {
    source: source(),
    give: (chunk) => {
      queue.push(chunk === undefined ? undefined : Buffer.from(chunk))
      wake?.()
    },
  }
}

/** The next value of an iterator, or a failure naming `what` when nothing comes (a guard against a hang). */
async function within<T>(what: string, next: Promise<IteratorResult<T>>, ms = 10_000): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what}`)), ms)))
  try {
    return await Promise.race([next, late])
  } finally {
    clearTimeout(timer)
  }
}

describe('liveChunks', () => {
  it('passes the chunks through untouched when there is neither a pause timer nor a stop', async () => {
    const { source, give } = gated()
    const chunks = liveChunks(source, {})
    give('a')
    give('b')
    give(undefined)
    const seen: string[] = []
    for await (const c of chunks) seen.push(c.toString())
    expect(seen).toEqual(['a', 'b'])
  })

  it('marks a silence with one PAUSE, then hands over the chunk that ends it', async () => {
    const { source, give } = gated()
    const chunks = liveChunks(source, { idleMs: 5 })
    give('a')
    expect((await within('first chunk', chunks.next())).value.toString()).toBe('a')
    // Nothing more is given: after the idle time, a pause.
    expect((await within('a pause', chunks.next())).value).toBe(PAUSE)
    // Still silent: no second pause, the same read goes on until a chunk comes.
    const next = chunks.next()
    await new Promise((resolve) => setTimeout(resolve, 50))
    give('b')
    expect((await within('the chunk after the pause', next)).value.toString()).toBe('b')
    give(undefined)
    expect((await within('the end', chunks.next())).done).toBe(true)
  })

  it('on a stop, releases the input, hands over a last PAUSE, then throws StoppedReading, even mid-read', async () => {
    const { source, give } = gated()
    const controller = new AbortController()
    let closed = 0
    const chunks = liveChunks(source, { signal: controller.signal, close: () => closed++ })
    give('a')
    expect((await chunks.next()).value.toString()).toBe('a')
    // The source never gives another chunk: the read waits until the stop.
    const next = chunks.next()
    controller.abort('SIGINT')
    expect((await within('the last pause', next)).value).toBe(PAUSE)
    await expect(chunks.next()).rejects.toBeInstanceOf(StoppedReading)
    expect(closed).toBe(1)
  })

  it('passes a read error on', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('a')
      throw new Error('EIO')
    }
    const chunks = liveChunks(failing(), { idleMs: 5, signal: new AbortController().signal })
    expect((await chunks.next()).value.toString()).toBe('a')
    await expect(chunks.next()).rejects.toThrow('EIO')
  })
})

/** readRecords over a pipe the test writes into, as a live input (stdin from lxc monitor). */
function livePipe(): { input: InputSource; write: (text: string) => void; end: () => void } {
  const stream = new PassThrough()
  return { input: { name: '-', stream, live: true }, write: (t) => stream.write(t), end: () => stream.end() }
}

const lxcYaml = readFileSync(`${LXD}/monitor-5.0.2.yaml.txt`, 'utf8')
  .split('\n\n\n')
  .filter((d) => d.trim() !== '')
  .map((d) => `${d}\n\n\n`)
const lxcJson = readFileSync(`${LXD}/monitor-5.0.2.json.txt`, 'utf8')
  .split('\n')
  .filter((l) => l !== '')

describe('a live input yields each record when its source pauses, not when the next record begins', () => {
  it('lxc monitor YAML: a document followed by blank lines is read before the next one is written', async () => {
    const { input, write, end } = livePipe()
    const batches = readRecords(input)
    for (let i = 0; i < 3; i++) {
      write(lxcYaml[i]!)
      const batch = await within(`document ${i + 1}`, batches.next())
      const alone = await records('yaml', whole(Buffer.from(lxcYaml[i]!)))
      expect((batch.value as InputRecord[]).map((r) => r.value)).toEqual([alone[0]!.value])
    }
    end()
    expect((await batches.next()).done).toBe(true)
  })

  it('json-seq: a record that ends in a line feed and parses is read before the next RS arrives', async () => {
    const { input, write, end } = livePipe()
    const batches = readRecords(input)
    write(`${RS}${lxcJson[0]}\n`)
    expect((await within('record 1', batches.next())).value).toEqual([{ file: '-', line: 1, text: lxcJson[0] }])
    // A pretty-printed record cut at a pause is not cut short: it is read once it parses.
    write(`${RS}{\n  "type": "logging",\n`)
    write('  "x": 1\n}\n')
    expect((await within('record 2', batches.next())).value).toEqual([
      { file: '-', line: 2, text: '{\n  "type": "logging",\n  "x": 1\n}' },
    ])
    end()
    expect((await batches.next()).done).toBe(true)
  })

  it('json-seq: text after a record a pause finished, before the next RS, is one unreadable record', async () => {
    const { input, write, end } = livePipe()
    const batches = readRecords(input)
    write(`${RS}{"a":1}\n`)
    expect((await within('record 1', batches.next())).value).toEqual([{ file: '-', line: 1, text: '{"a":1}' }])
    write(`{"b":2}\n${RS}{"c":3}\n`)
    end()
    const rest: InputRecord[] = []
    for await (const batch of batches) rest.push(...batch)
    expect(rest).toEqual([
      {
        file: '-',
        line: 2,
        error: 'text after a complete JSON text, before the next RS (0x1E): a json-seq record holds one JSON text',
      },
      { file: '-', line: 3, text: '{"c":3}' },
    ])
  })

  it('JSON Lines and lxc monitor JSON need no pause: a record is read as soon as it ends', async () => {
    for (const [frame, kind] of [
      [(i: number) => `${lxcJson[i]}\n\n`, 'jsonl'],
      [(i: number) => `${JSON.stringify(JSON.parse(lxcJson[i]!), null, '\t')}\n\n`, 'json-concat'],
    ] as const) {
      // Not live: without pauses, only a record's own end can hand it over.
      const stream = new PassThrough()
      const batches = readRecords({ name: '-', stream }, { onKind: (k) => expect(k).toBe(kind) })
      for (let i = 0; i < 3; i++) {
        stream.write(frame(i))
        const batch = await within(`${kind} record ${i + 1}`, batches.next())
        expect((batch.value as InputRecord[]).map((r) => JSON.parse(r.text!) as unknown)).toEqual([
          JSON.parse(lxcJson[i]!),
        ])
      }
      stream.end()
      expect((await batches.next()).done).toBe(true)
    }
  })
})

/** The input cut at random places, with a PAUSE after every piece. */
async function* pausedEverywhere(data: Buffer, rng: Rng): AsyncGenerator<Buffer> {
  for (let pos = 0; pos < data.length;) {
    const n = rng.int(1, 200)
    yield data.subarray(pos, pos + n)
    yield PAUSE
    pos += n
  }
}

async function* whole(data: Buffer): AsyncGenerator<Buffer> {
  yield data
}

async function records(kind: InputKind, source: AsyncIterable<Buffer>): Promise<InputRecord[]> {
  const out: InputRecord[] = []
  for await (const batch of readFormat(kind, source, 'in', MAX)) out.push(...batch)
  return out
}

describe('pauses never change what a well-formed input reads as', () => {
  const inputs: Array<[InputKind, string]> = [
    ['yaml', lxcYaml.join('')],
    ['json-seq', lxcJson.map((l) => `${RS}${l}\n`).join('')],
    ['jsonl', lxcJson.map((l) => `${l}\n\n`).join('')],
    ['json-concat', lxcJson.map((l) => `${JSON.stringify(JSON.parse(l), null, 2)}\n\n`).join('')],
    ['json', `[\n${lxcJson.join(',\n')}\n]\n`],
  ]
  it.each(inputs)('%s: a pause after every piece of a random cut gives the records of one read', async (kind, text) => {
    const data = Buffer.from(text)
    const expected = await records(kind, whole(data))
    expect(expected).toHaveLength(200)
    expect(expected.every((r) => r.error === undefined)).toBe(true)
    for (const seed of [1, 2, 3]) expect(await records(kind, pausedEverywhere(data, new Rng(seed)))).toEqual(expected)
  })
})
