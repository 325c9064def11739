import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FamilyTable } from '../../src/runtime/dispatch.js'
import { jsonlPieces } from '../../src/validate/input/index.js'
import { readJsonl } from '../../src/validate/input/jsonl.js'
import { validateInputsParallel } from '../../src/validate/parallel.js'
import { validateInputs } from '../../src/validate/run.js'
import type { InputRecord } from '../../src/validate/types.js'
import { Rng } from '../../src/prng.js'
import { run } from '../cli/run.js'
import { put, scratch } from './helpers.js'

const dir = scratch()
const INDEX = resolve('out/validators/index.js')
let tables: readonly FamilyTable[]
let files: { mixed: string; gz: string; array: string }

// Every family's committed fixtures, valid and invalid, with awkward lines among them, repeated past several
// 1 MiB read chunks so that pieces are cut in the middle of the data.
function awkwardCapture(): Buffer {
  const lines: (string | Buffer)[] = []
  for (const family of ['lxd', 'events-hub', 'batcher', 'i3d']) {
    lines.push(...readFileSync(`out/fixtures/${family}/valid.jsonl`, 'utf8').trimEnd().split('\n'))
    lines.push(...readFileSync(`out/fixtures/${family}/invalid.jsonl`, 'utf8').trimEnd().split('\n'))
  }
  // A field the catalog does not know makes a valid message drift.
  const drift = JSON.stringify({ ...(JSON.parse(lines[0] as string) as object), field_from_the_future: 1 })
  const awkward: (string | Buffer)[] = [
    '',
    '   ',
    'not json',
    '[1,2]',
    drift,
    '{"type":"lifecycle","metadata":{"action":"instance-teleported"}}\r',
    Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
  ]
  const out: Buffer[] = []
  const rng = new Rng(7)
  const random = (): number => rng.next()
  for (let round = 0; round < 6; round++) {
    for (const line of lines) {
      out.push(Buffer.from(line), Buffer.from('\n'))
      if (random() < 0.01) out.push(Buffer.from(awkward[Math.floor(random() * awkward.length)]!), Buffer.from('\n'))
    }
  }
  // No newline after the last line.
  out.push(Buffer.from(lines[0] as string))
  return Buffer.concat(out)
}

beforeAll(async () => {
  tables = ((await import(INDEX)) as { tables: readonly FamilyTable[] }).tables
  const capture = awkwardCapture()
  files = {
    mixed: put(dir, 'mixed.jsonl', capture),
    gz: put(dir, 'mixed.jsonl.gz', gzipSync(capture)),
    array: put(
      dir,
      'array.json',
      `[${readFileSync('out/fixtures/lxd/valid.jsonl', 'utf8').trimEnd().split('\n').join(',\n')}]`,
    ),
  }
})

describe('--jobs N gives the report of one job', () => {
  it.each([2, 3])('with %i jobs: JSONL, gzip, a JSON array and a missing file, in order', async (jobs) => {
    const inputs = [files.mixed, files.array, `${dir}/missing.jsonl`, files.gz]
    for (const maxProblems of [5, 100_000]) {
      const one = await validateInputs(inputs, tables, { maxProblems })
      const many = await validateInputsParallel(inputs, tables, INDEX, { maxProblems, jobs })
      expect(many).toEqual(one)
    }
    const one = await validateInputs(inputs, tables, {})
    // The data is what the test means it to be: several MB, every status present.
    expect(readFileSync(files.mixed).length).toBeGreaterThan(3 << 20)
    expect(one.summary.valid).toBeGreaterThan(1000)
    for (const status of ['invalid', 'drift', 'unreadable'] as const) expect(one.summary[status]).toBeGreaterThan(0)
    expect(one.files.map((f) => f.error === undefined)).toEqual([true, true, false, true])
  })

  it('--strict and --family reach the workers', async () => {
    const one = await validateInputs([files.mixed], tables, { strict: true, family: 'lxd' })
    const two = await validateInputsParallel([files.mixed], tables, INDEX, { strict: true, family: 'lxd', jobs: 2 })
    expect(two).toEqual(one)
    expect(one.summary.drift).toBe(0)
  })

  it('the CLI takes --jobs and refuses nonsense', async () => {
    const a = await run('validate', files.mixed, '--format', 'json', '--jobs', '2')
    const b = await run('validate', files.mixed, '--format', 'json')
    expect(a.out).toBe(b.out)
    expect(a.code).toBe(1)
    // --jobs auto, as the README and --help show it: one thread per core, the same report.
    const auto = await run('validate', files.mixed, '--format', 'json', '--jobs', 'auto')
    expect(auto.err).toBe('')
    expect(auto.out).toBe(b.out)
    for (const bad of ['0', '65', 'many', '1.5', '']) {
      const r = await run('validate', files.mixed, '--jobs', bad)
      expect(r.code).toBe(2)
      expect(r.err).toContain(`--jobs takes a whole number from 1 to 64, or auto, not "${bad}"`)
    }
  })
})

describe('jsonlPieces', () => {
  async function* chunked(bytes: Buffer, sizes: () => number): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length;) {
      const n = Math.max(1, sizes())
      yield bytes.subarray(at, at + n)
      at += n
    }
  }
  async function* once(bytes: Uint8Array): AsyncGenerator<Buffer> {
    yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  const MAX = 40
  const tooLongRecord = (line: number): InputRecord => ({
    file: 'f',
    line,
    error: `record longer than the ${MAX}-byte limit (${MAX} bytes)`,
  })

  /** What one job reads, and what the pieces give when each is read on its own and its line numbers shifted. */
  async function both(bytes: Buffer, sizes: () => number): Promise<[InputRecord[], InputRecord[]]> {
    const whole: InputRecord[] = []
    for await (const batch of readJsonl(chunked(bytes, sizes), 'f', MAX)) whole.push(...batch)
    const pieced: InputRecord[] = []
    let offset = 0
    for await (const piece of jsonlPieces(chunked(bytes, sizes), MAX)) {
      if (piece.tooLong) {
        pieced.push(tooLongRecord(offset + 1))
        offset++
        continue
      }
      for await (const batch of readJsonl(once(piece.bytes), 'f', MAX))
        for (const r of batch) pieced.push({ ...r, line: r.line + offset })
      const text = Buffer.from(piece.bytes).toString('latin1')
      offset += text.split('\n').length - 1 + (text.endsWith('\n') ? 0 : 1)
    }
    return [whole, pieced]
  }

  it('cut anywhere, read piece by piece, give exactly the records of one reader', async () => {
    const rng = new Rng(11)
    const random = (): number => rng.next()
    const parts = ['{"a":1}', '', '  ', '{"b":"x"}\r', 'x'.repeat(39), 'y'.repeat(41), 'z'.repeat(200), '{"c":[1,2,3]}']
    for (let round = 0; round < 200; round++) {
      const lines = Array.from(
        { length: 1 + Math.floor(random() * 30) },
        () => parts[Math.floor(random() * parts.length)]!,
      )
      const text = lines.join('\n') + (random() < 0.5 ? '\n' : '')
      const [whole, pieced] = await both(Buffer.from(text), () => 1 + Math.floor(random() * 64))
      expect(pieced).toEqual(whole)
    }
  })

  it('never holds more than one over-long line in memory', async () => {
    const chunks: Buffer[] = [
      Buffer.from('{"a":1}\n'),
      ...Array.from({ length: 100 }, () => Buffer.alloc(1000, 0x61)),
      Buffer.from('\n{"b":2}\n'),
    ]
    const pieces = []
    async function* source(): AsyncGenerator<Buffer> {
      yield* chunks
    }
    for await (const p of jsonlPieces(source(), MAX))
      pieces.push(p.tooLong ? 'too long' : Buffer.from(p.bytes).toString())
    expect(pieces).toEqual(['{"a":1}\n', 'too long', '{"b":2}\n'])
  })
})
