import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { detectKind, openInput, readRecords, type ReadOptions } from '../../src/validate/input/index.js'
import type { InputKind, InputRecord } from '../../src/validate/types.js'

const LXD = 'test/fixtures/lxd'
const OWN = 'test/validate/fixtures/input'
const tmp = mkdtempSync(join(tmpdir(), 'evcat-input-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A stream that delivers `data` in pieces of the given sizes (cycled), to put boundaries in awkward places. */
function chunked(data: Buffer | string, sizes: readonly number[] = [data.length || 1]): Readable {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8')
  const parts: Buffer[] = []
  for (let pos = 0, k = 0; pos < buf.length; k++) {
    const n = Math.max(1, sizes[k % sizes.length]!)
    parts.push(buf.subarray(pos, pos + n))
    pos += n
  }
  return Readable.from(parts)
}

interface Read {
  readonly records: InputRecord[]
  readonly batches: number[]
}

async function read(stream: Readable, options: ReadOptions = {}, name = 'in'): Promise<Read> {
  const records: InputRecord[] = []
  const batches: number[] = []
  for await (const batch of readRecords({ name, stream }, options)) {
    expect(batch.length).toBeGreaterThan(0)
    batches.push(batch.length)
    records.push(...batch)
  }
  return { records, batches }
}

/** The records read before an input broke, and the error it broke with (none when it did not). */
async function readBroken(
  stream: Readable,
  options: ReadOptions = {},
): Promise<{ records: InputRecord[]; error?: string }> {
  const records: InputRecord[] = []
  try {
    for await (const batch of readRecords({ name: 'in', stream }, options)) records.push(...batch)
  } catch (error) {
    return { records, error: (error as Error).message }
  }
  return { records }
}

/** Records reduced to what a test compares: line plus text, value or error. */
const brief = (records: InputRecord[]) => records.map(({ file: _f, ...rest }) => rest)

async function readFile(path: string, options: ReadOptions = {}): Promise<InputRecord[]> {
  const records: InputRecord[] = []
  for await (const batch of readRecords(await openInput(path), options)) records.push(...batch)
  return records
}

function tempFile(name: string, data: Buffer | string): string {
  const path = join(tmp, name)
  writeFileSync(path, data)
  return path
}

/** JSON values with keys sorted, so that records can be compared as a multiset regardless of order. */
function canon(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )
}

const valueOf = (r: InputRecord): unknown => (r.text !== undefined ? JSON.parse(r.text) : r.value)

describe('jsonl', () => {
  it('reads one record per line, with 1-based line numbers', async () => {
    const { records } = await read(chunked('{"a":1}\n{"b":2}\n{"c":3}\n'), { kind: 'jsonl' }, 'cap.jsonl')
    expect(records).toEqual([
      { file: 'cap.jsonl', line: 1, text: '{"a":1}' },
      { file: 'cap.jsonl', line: 2, text: '{"b":2}' },
      { file: 'cap.jsonl', line: 3, text: '{"c":3}' },
    ])
  })

  it('skips blank and whitespace-only lines but still counts them', async () => {
    const { records } = await read(chunked('\n{"a":1}\n\n   \n\t\r\n{"b":2}\n\n'), { kind: 'jsonl' })
    expect(brief(records)).toEqual([
      { line: 2, text: '{"a":1}' },
      { line: 6, text: '{"b":2}' },
    ])
  })

  it('strips CR of CRLF, also when the chunk boundary falls between CR and LF', async () => {
    const data = '{"a":1}\r\n{"b":2}\r\n{"c":3}\r\n'
    const expected = [
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
      { line: 3, text: '{"c":3}' },
    ]
    expect(brief((await read(chunked(data), { kind: 'jsonl' })).records)).toEqual(expected)
    // 8 bytes: `{"a":1}\r` | `\n{"b":2}` ... every CR ends a chunk.
    expect(brief((await read(chunked(data, [8, 9]), { kind: 'jsonl' })).records)).toEqual(expected)
  })

  it('strips a UTF-8 byte order mark at the start only, even when it arrives split', async () => {
    const data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n{"b":2}\n')])
    for (const sizes of [[data.length], [1], [2, 5]]) {
      expect(brief((await read(chunked(data, sizes))).records)).toEqual([
        { line: 1, text: '{"a":1}' },
        { line: 2, text: '{"b":2}' },
      ])
    }
  })

  it('reports a line of invalid UTF-8 as unreadable and reads the rest', async () => {
    const data = Buffer.concat([
      Buffer.from('{"a":"é"}\n{"b":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}\n{"c":3}\n'),
    ])
    for (const sizes of [[data.length], [1], [3, 7]]) {
      expect(brief((await read(chunked(data, sizes), { kind: 'jsonl' })).records)).toEqual([
        { line: 1, text: '{"a":"é"}' },
        { line: 2, error: 'invalid UTF-8' },
        { line: 3, text: '{"c":3}' },
      ])
    }
  })

  it('keeps multi-byte characters intact across every possible chunk boundary', async () => {
    const text = '{"s":"é€😀中"}\r\n\n{"t":"ñ"}\n'
    const data = Buffer.from(text)
    for (let size = 1; size <= 9; size++) {
      expect(brief((await read(chunked(data, [size]), { kind: 'jsonl' })).records)).toEqual([
        { line: 1, text: '{"s":"é€😀中"}' },
        { line: 3, text: '{"t":"ñ"}' },
      ])
    }
  })

  it('gives the same records for random chunkings of a mixed input', async () => {
    const lines = ['{"a":"é€😀"}', '', '  ', '{"b":[1,2,3]}\r', '{"c":"\\n"}', '', '{"d":null}']
    const data = Buffer.from(lines.join('\n'))
    const whole = brief((await read(chunked(data), { kind: 'jsonl' })).records)
    expect(whole.map((r) => r.line)).toEqual([1, 4, 5, 7])
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 13
    for (let round = 0; round < 30; round++) {
      const sizes = Array.from({ length: 20 }, () => rand() + 1)
      expect(brief((await read(chunked(data, sizes), { kind: 'jsonl' })).records)).toEqual(whole)
    }
  })

  it('reads a last line without a newline, truncated or not', async () => {
    expect(brief((await read(chunked('{"a":1}\n{"b":'), { kind: 'jsonl' })).records)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":' },
    ])
    expect(brief((await read(chunked('{"a":1}\n{"b":2}\r', [3]), { kind: 'jsonl' })).records)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ])
  })

  it('gives no records for an empty or blank file', async () => {
    expect(await readFile(tempFile('empty.jsonl', ''))).toEqual([])
    expect(await readFile(tempFile('blank.jsonl', '\n \r\n\n'))).toEqual([])
    expect(await readFile(tempFile('empty2.jsonl', ''), { kind: 'jsonl' })).toEqual([])
  })

  it('batches records: at most 1000 per batch, none held back at the end of a chunk', async () => {
    const data = Array.from({ length: 4500 }, (_, i) => `{"i":${i}}`).join('\n') + '\n'
    const { records, batches } = await read(chunked(data), { kind: 'jsonl' })
    expect(records).toHaveLength(4500)
    expect(records[4499]).toMatchObject({ line: 4500, text: '{"i":4499}' })
    expect(batches).toEqual([1000, 1000, 1000, 1000, 500])
    // Each chunk's records are handed over before the next chunk is awaited.
    const small = await read(chunked('{"a":1}\n{"b":2}\n{"c":3}\n', [16, 8]), { kind: 'jsonl' })
    expect(small.batches).toEqual([2, 1])
  })

  it('enforces maxRecordBytes exactly, within a chunk and across chunks', async () => {
    const line = `{"s":"${'x'.repeat(92)}"}` // 100 bytes
    const data = `${line}\n${line}x\r\n{"ok":1}\n${line}x`
    for (const sizes of [[data.length], [7], [150, 1]]) {
      expect(brief((await read(chunked(data, sizes), { kind: 'jsonl', maxRecordBytes: 100 })).records)).toEqual([
        { line: 1, text: line },
        { line: 2, error: 'record longer than the 100-byte limit (100 bytes)' },
        { line: 3, text: '{"ok":1}' },
        { line: 4, error: 'record longer than the 100-byte limit (100 bytes)' },
      ])
    }
  })

  describe('a 50 MB line', () => {
    const MiB = 1 << 20
    const size = 50 * MiB
    // A real gc() lets the peak show what the reader retains rather than garbage not yet collected.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void

    /** `{"s":"xxxx…"}` then a small record, produced lazily in fresh 1 MiB chunks, sampling RSS as it goes. */
    function hugeLine(peak: { rss: number }): Readable {
      return Readable.from(
        (function* () {
          yield Buffer.from('{"s":"')
          for (let i = 0; i < size / MiB; i++) {
            yield Buffer.alloc(MiB, 'x')
            if (i % 4 === 3) {
              gc()
              peak.rss = Math.max(peak.rss, process.memoryUsage().rss)
            }
          }
          yield Buffer.from('"}\n{"after":1}\n')
        })(),
      )
    }

    it('is one error record with a smaller limit, and memory stays bounded', async () => {
      gc()
      const before = process.memoryUsage().rss
      const peak = { rss: before }
      const { records } = await read(hugeLine(peak), { kind: 'jsonl', maxRecordBytes: 4 * MiB })
      expect(brief(records)).toEqual([
        { line: 1, error: `record longer than the 4 MiB limit (${4 * MiB} bytes)` },
        { line: 2, text: '{"after":1}' },
      ])
      // The line is 50 MiB; skipping it must not buffer it.
      expect(peak.rss - before).toBeLessThan(20 * MiB)
    })

    it('is one record with the default limit', async () => {
      const { records } = await read(hugeLine({ rss: 0 }))
      expect(records).toHaveLength(2)
      expect(records[0]!.error).toBeUndefined()
      expect(records[0]!.text!.length).toBe(size + 8)
      expect(records[0]!.text!.endsWith('x"}')).toBe(true)
      expect(records[1]).toMatchObject({ line: 2, text: '{"after":1}' })
    })
  })

  it('reads the real LXD capture: one record per frame, all readable', async () => {
    const records = await readFile(`${LXD}/capture-5.0.2.jsonl`)
    expect(records).toHaveLength(2074)
    expect(records.every((r, i) => r.error === undefined && r.line === i + 1)).toBe(true)
    expect(() => records.map(valueOf)).not.toThrow()
  })
})

describe('openInput', () => {
  const jsonl = readFileSync(`${LXD}/capture-5.0.2.jsonl`)

  it('gunzips transparently, whatever the file is called', async () => {
    const plain = await readFile(`${LXD}/capture-5.0.2.jsonl`)
    const gz = tempFile('capture.bin', gzipSync(jsonl))
    const records = await readFile(gz)
    expect(records.map((r) => r.text)).toEqual(plain.map((r) => r.text))
    expect(records.map((r) => r.file)).toEqual(plain.map(() => gz))
  })

  it('gunzips YAML and reads it as YAML', async () => {
    const records = await readFile(tempFile('monitor.yaml.gz', gzipSync(readFileSync(`${LXD}/monitor-5.0.2.yaml.txt`))))
    expect(records).toHaveLength(200)
    expect(records.every((r) => r.value !== undefined)).toBe(true)
  })

  it('reads a file too short to be gzip', async () => {
    expect(brief(await readFile(tempFile('one.jsonl', '1'), { kind: 'jsonl' }))).toEqual([{ line: 1, text: '1' }])
  })

  it('reads standard input for -, gunzipping it even when the magic bytes arrive split', async () => {
    const saved = Object.getOwnPropertyDescriptor(process, 'stdin')!
    const gz = gzipSync(Buffer.from('{"a":1}\n{"b":2}\n'))
    try {
      for (const data of [gz, Buffer.from('{"a":1}\n{"b":2}\n')]) {
        Object.defineProperty(process, 'stdin', { value: chunked(data, [1, 5]), configurable: true })
        const input = await openInput('-')
        expect(input.name).toBe('-')
        const records: InputRecord[] = []
        for await (const batch of readRecords(input)) records.push(...batch)
        expect(records).toEqual([
          { file: '-', line: 1, text: '{"a":1}' },
          { file: '-', line: 2, text: '{"b":2}' },
        ])
      }
    } finally {
      Object.defineProperty(process, 'stdin', saved)
    }
  })

  it('rejects a missing file with an error naming it', async () => {
    const missing = join(tmp, 'nope', 'missing.jsonl')
    await expect(openInput(missing)).rejects.toThrow(`cannot open ${missing}: no such file or directory`)
  })

  it('rejects a directory with an error naming it', async () => {
    const dir = join(tmp, 'a-dir')
    mkdirSync(dir)
    await expect(openInput(dir)).rejects.toThrow(`cannot open ${dir}: is a directory`)
  })

  it('makes a corrupt gzip stream throw an error naming the input, after the records before it', async () => {
    const gz = gzipSync(Buffer.from('{"a":1}\n'.repeat(1000)))
    const path = tempFile('cut.jsonl.gz', gz.subarray(0, gz.length - 10))
    const records: InputRecord[] = []
    await expect(async () => {
      for await (const batch of readRecords(await openInput(path))) records.push(...batch)
    }).rejects.toThrow(`cannot read ${path}: unexpected end of file`)
    expect(records.length).toBeGreaterThan(0)
  })

  it('closes the file when the consumer stops early', async () => {
    const input = await openInput(`${LXD}/capture-5.0.2.jsonl`)
    for await (const batch of readRecords(input)) {
      expect(batch.length).toBeGreaterThan(0)
      break
    }
    expect((input.stream as Readable).destroyed).toBe(true)
  })
})

describe('json', () => {
  it('streams array elements with nested arrays, brackets in strings and escaped quotes', async () => {
    const elements = [
      '{"a":[1,[2,{"b":"]"}]],"c":"{\\"q\\": [\\\\]}"}',
      '{"s":"\\\\"}',
      '[]',
      '"a string with ] and , inside"',
      '-12.5e3',
      'true',
      '{"u":"é😀\\u0041"}',
    ]
    const data = Buffer.from(`[\n  ${elements.join(',\n  ')}\n]\n`)
    const expected = elements.map((text, i) => ({ line: i + 2, text }))
    for (let size = 1; size <= 6; size++) {
      expect(brief((await read(chunked(data, [size]), { kind: 'json' })).records)).toEqual(expected)
    }
    for (const { text } of expected) expect(() => JSON.parse(text)).not.toThrow()
  })

  it('gives the line where each element starts, in pretty-printed and one-line arrays', async () => {
    const values = [{ a: 1, b: [1, 2] }, { c: { d: 'x' } }, { e: null }]
    const pretty = JSON.stringify(values, null, 2)
    const { records } = await read(chunked(pretty, [5]), { kind: 'json' })
    expect(records.map((r) => r.line)).toEqual([2, 9, 14])
    expect(records.map(valueOf)).toEqual(values)
    const one = await read(chunked(JSON.stringify(values)), { kind: 'json' })
    expect(brief(one.records).map((r) => r.line)).toEqual([1, 1, 1])
  })

  it('reads empty arrays and empty input as no records', async () => {
    expect((await read(chunked(' [ ] \n'), { kind: 'json' })).records).toEqual([])
    expect((await read(chunked(''), { kind: 'json' })).records).toEqual([])
  })

  it('reports a truncated array once, where it breaks, after the complete elements, with no phantom record', async () => {
    const cases: [string, InputRecord[], string][] = [
      [
        '[\n{"a":1},\n{"b":\n  [2',
        [{ file: 'in', line: 2, text: '{"a":1}' }],
        'line 3: input ends inside a JSON value',
      ],
      ['[{"a":1},\n', [{ file: 'in', line: 1, text: '{"a":1}' }], 'line 2: input ends before the JSON array is closed'],
      [
        '[{"a":1}, 12',
        [{ file: 'in', line: 1, text: '{"a":1}' }],
        'line 1: input ends before the JSON array is closed',
      ],
    ]
    for (const [data, records, where] of cases) {
      const got = await readBroken(chunked(data), { kind: 'json' })
      expect(got.records).toEqual(records)
      expect(got.error).toBe(`cannot read in: broken JSON at ${where} (truncated?)`)
    }
  })

  it('stops at the first break in a malformed array: one error where it broke, no phantom record', async () => {
    const cases: [string, string][] = [
      ['[{"a":1}\n{"b":2}]', "line 2: expected ',' or ']' after an array element, found '{'"],
      ['[{"a":1},,{"b":2}]', "line 1: expected an array element, found ','"],
      ['[{"a":1}]\n[{"b":2}]', "line 2: unexpected '[' after the end of the JSON array"],
      ['[{"a":1}]\n{"b":2}', "line 2: unexpected '{' after the end of the JSON array"],
      ['[{"a":1},{"a":"x\n"},{"b":2}]', 'line 1: line break inside a JSON string: truncated or not JSON'],
    ]
    for (const [data, where] of cases) {
      const got = await readBroken(chunked(data, [3]), { kind: 'json' })
      expect(got.records).toEqual([{ file: 'in', line: 1, text: '{"a":1}' }])
      expect(got.error).toBe(`cannot read in: broken JSON at ${where}; nothing after it was read`)
    }
    const text = await readBroken(chunked('hello'), { kind: 'json' })
    expect(text).toEqual({
      records: [],
      error:
        "cannot read in: broken JSON at line 1: expected '[' to start a JSON array (or '{' for one object), found 'h'; nothing after it was read",
    })
  })

  it('reads a file of one JSON object as one record, under --input json as when detected', async () => {
    const one = '{\n  "type": "logging",\n  "metadata": {"a": [1, {"b": 2}]}\n}\n'
    for (const sizes of [[one.length], [1], [7]]) {
      const { records } = await read(chunked(one, sizes), { kind: 'json' })
      expect(records).toEqual([{ file: 'in', line: 1, text: one.trimEnd() }])
    }
    const trailing = await readBroken(chunked('{"a":1} {"b":2}'), { kind: 'json' })
    expect(trailing.records).toEqual([{ file: 'in', line: 1, text: '{"a":1}' }])
    expect(trailing.error).toMatch(/broken JSON at line 1: unexpected '\{' after the end of the JSON object/)
  })

  it('streams a big array in bounded batches', async () => {
    const n = 20_000
    const { records, batches } = await read(
      Readable.from(
        (function* () {
          yield Buffer.from('[')
          for (let i = 0; i < n; i++) yield Buffer.from(`${i === 0 ? '' : ','}\n {"i":${i},"s":"[{\\"}]"}`)
          yield Buffer.from('\n]')
        })(),
      ),
      { kind: 'json' },
    )
    expect(records).toHaveLength(n)
    expect(records[n - 1]).toMatchObject({ line: n + 1, text: `{"i":${n - 1},"s":"[{\\"}]"}` })
    expect(Math.max(...batches)).toBeLessThanOrEqual(1000)
  })

  it('reports an element over maxRecordBytes without keeping it, and goes on', async () => {
    const big = `{"s":"${'x'.repeat(500)}"}`
    const { records } = await read(chunked(`[${big},{"a":1},\n${big}]`, [64]), { kind: 'json', maxRecordBytes: 100 })
    expect(brief(records)).toEqual([
      { line: 1, error: 'record longer than the 100-byte limit (100 bytes)' },
      { line: 1, text: '{"a":1}' },
      { line: 2, error: 'record longer than the 100-byte limit (100 bytes)' },
    ])
  })

  it('reports an element of invalid UTF-8', async () => {
    const data = Buffer.concat([Buffer.from('[{"a":"'), Buffer.from([0xff]), Buffer.from('"},{"b":1}]')])
    expect(brief((await read(chunked(data), { kind: 'json' })).records)).toEqual([
      { line: 1, error: 'invalid UTF-8' },
      { line: 1, text: '{"b":1}' },
    ])
  })
})

describe('json-concat (lxc monitor --format json)', () => {
  const monitor = readFileSync(`${LXD}/monitor-5.0.2.json.txt`)

  it('reads the real lxc monitor JSON output', async () => {
    const asSeq = (await read(chunked(monitor, [1000, 3]), { kind: 'json-concat' })).records
    const asLines = await readFile(`${LXD}/monitor-5.0.2.json.txt`)
    expect(asSeq).toHaveLength(200)
    expect(brief(asSeq)).toEqual(brief(asLines))
    // Each event is one line followed by a blank line.
    expect(asSeq.map((r) => r.line)).toEqual(Array.from({ length: 200 }, (_, i) => 2 * i + 1))
  })

  it('reads pretty-printed events, with the line where each starts', async () => {
    const data = readFileSync(`${OWN}/monitor-pretty.json.txt`)
    const lines = data.toString('utf8').split('\n')
    for (const sizes of [[data.length], [1], [17, 3]]) {
      const { records } = await read(chunked(data, sizes), { kind: 'json-concat' })
      expect(records.map((r) => r.line)).toEqual([1, 18, 29])
      for (const r of records) expect(lines[r.line - 1]).toBe('{')
      expect(records.map((r) => (valueOf(r) as { type: string }).type)).toEqual(['logging', 'lifecycle', 'operation'])
    }
  })

  it('reads values concatenated with no separator', async () => {
    const { records } = await read(chunked('{"a":1}{"b":[2]}\n[3] {"c":"}{"}'), { kind: 'json-concat' })
    expect(brief(records)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 1, text: '{"b":[2]}' },
      { line: 2, text: '[3]' },
      { line: 2, text: '{"c":"}{"}' },
    ])
  })

  it('reports a broken value and picks up at the next line starting with {', async () => {
    const data = '{\n  "a": "cut short\n}\n\njunk\n{\n  "b": 2\n}\n{\n  "c": 3'
    expect(brief((await read(chunked(data, [4]), { kind: 'json-concat' })).records)).toEqual([
      { line: 2, error: 'line break inside a JSON string (the value starts on line 1): truncated or not JSON' },
      { line: 6, text: '{\n  "b": 2\n}' },
      { line: 9, error: 'input ends inside a JSON value (truncated?)' },
    ])
  })
})

describe('yaml (lxc monitor --format yaml)', () => {
  it('reads the real lxc monitor YAML output: the same events as its JSON output', async () => {
    const data = readFileSync(`${LXD}/monitor-5.0.2.yaml.txt`)
    const { records } = await read(chunked(data, [4096, 7]), { kind: 'yaml' })
    expect(records).toHaveLength(200)
    expect(records.filter((r) => r.error !== undefined)).toEqual([])
    // The README: both files hold the same 200 events; the two monitors saw a few in a different order.
    const json = await readFile(`${LXD}/monitor-5.0.2.json.txt`)
    expect(records.map((r) => canon(r.value)).sort()).toEqual(json.map((r) => canon(valueOf(r))).sort())
    // Every record starts on the first line of its document (after the two blank lines of the previous one).
    const lines = data.toString('utf8').split('\n')
    expect(records[0]!.line).toBe(1)
    for (const r of records.slice(1)) {
      expect(lines[r.line - 2]).toBe('')
      expect(lines[r.line - 3]).toBe('')
      expect(lines[r.line - 1]).toMatch(/^[a-z]/)
    }
    // And all of them are events of the full capture.
    const capture = new Set((await readFile(`${LXD}/capture-5.0.2.jsonl`)).map((r) => canon(valueOf(r))))
    expect(records.every((r) => capture.has(canon(r.value)))).toBe(true)
  })

  it('splits on ---, ... and blank lines, keeps block scalars whole, and reports a bad document', async () => {
    const data = readFileSync(`${OWN}/docs.yaml`)
    const expected = [
      {
        line: 4,
        value: {
          location: 'none',
          metadata: {
            level: 'info',
            message: 'first paragraph\n\nsecond paragraph, after a blank line inside the scalar\n',
            context: { ids: [1, 9007199254740993n] },
          },
          timestamp: '2026-11-23T16:54:22.503282382Z',
          type: 'logging',
        },
      },
      { line: 17, value: { type: 'operation', metadata: { status_code: 103, resources: null } } },
      { line: 22, error: expect.stringMatching(/^invalid YAML \(line 2[45]\): /) as unknown as string },
      { line: 29, value: { type: 'lifecycle', metadata: { action: 'instance-started' } } },
    ]
    for (const sizes of [[data.length], [1], [13, 2]]) {
      expect(brief((await read(chunked(data, sizes), { kind: 'yaml' })).records)).toEqual(expected)
    }
    const crlf = Buffer.from(data.toString('utf8').replace(/\n/g, '\r\n'))
    expect(brief((await read(chunked(crlf, [5]), { kind: 'yaml' })).records)).toEqual(expected)
  })

  it('keeps integers exact: safe ones as numbers, larger ones as bigints', async () => {
    const { records } = await read(chunked('a: 12\nb: -9007199254740991\nc: 18446744073709551615\nd: 1.5\n'), {
      kind: 'yaml',
    })
    expect(records[0]!.value).toEqual({ a: 12, b: -9007199254740991, c: 18446744073709551615n, d: 1.5 })
  })

  it('refuses alias bombs and documents over maxRecordBytes', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (const k of 'bcdefghij')
      bomb.push(
        `${k}: &${k} [${Array(10)
          .fill(`*${String.fromCharCode(k.charCodeAt(0) - 1)}`)
          .join(', ')}]`,
      )
    const { records } = await read(chunked(bomb.join('\n') + '\n'), { kind: 'yaml' })
    expect(records).toEqual([
      { file: 'in', line: 1, error: expect.stringMatching(/^invalid YAML: .*alias/i) as unknown as string },
    ])
    const long = `a: ${'x'.repeat(300)}\nb: 1\n\n\nc: 2\n`
    expect(brief((await read(chunked(long, [50]), { kind: 'yaml', maxRecordBytes: 100 })).records)).toEqual([
      { line: 1, error: 'record longer than the 100-byte limit (100 bytes)' },
      { line: 5, value: { c: 2 } },
    ])
  })

  it('reports a document of invalid UTF-8', async () => {
    const data = Buffer.concat([Buffer.from('a: "'), Buffer.from([0xfe]), Buffer.from('"\n\n\nb: 1\n')])
    expect(brief((await read(chunked(data), { kind: 'yaml' })).records)).toEqual([
      { line: 1, error: 'invalid UTF-8' },
      { line: 4, value: { b: 1 } },
    ])
  })
})

describe('detectKind', () => {
  const cases: [string, string | Buffer, InputKind][] = [
    ['JSONL', '{"a":1}\n{"b":2}\n', 'jsonl'],
    ['one JSONL line without newline', '{"a":1}', 'jsonl'],
    [
      'JSONL after a BOM and blank lines',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\r\n\n  {"a":1}\n')]),
      'jsonl',
    ],
    ['a JSON array', '  [\n{"a":1}]', 'json'],
    ['pretty-printed JSON objects', '{\n\t"a": 1\n}\n', 'json-concat'],
    ['objects concatenated on one line', '{"a":1}{"b":2}\n', 'json-concat'],
    ['RFC 7464 json-seq', '\u001e{"a":1}\n\u001e{"b":2}\n', 'json-seq'],
    ['YAML', 'location: none\nmetadata:\n', 'yaml'],
    ['YAML with ---', '---\na: 1\n', 'yaml'],
    ['nothing', '', 'jsonl'],
    ['whitespace only', ' \n\r\n', 'jsonl'],
  ]
  it.each(cases)('%s', (_name, data, kind) => {
    expect(detectKind(Buffer.isBuffer(data) ? data : Buffer.from(data))).toBe(kind)
  })

  it('calls a first line longer than the peek window jsonl', () => {
    expect(detectKind(Buffer.from(`{"s":"${'x'.repeat(70_000)}`))).toBe('jsonl')
  })

  it('is what readRecords uses when no kind is given', async () => {
    const files: [string, InputKind, number][] = [
      [`${LXD}/capture-5.0.2.jsonl`, 'jsonl', 2074],
      [`${LXD}/monitor-5.0.2.json.txt`, 'jsonl', 200],
      [`${LXD}/monitor-5.0.2.yaml.txt`, 'yaml', 200],
      [`${OWN}/monitor-pretty.json.txt`, 'json-concat', 3],
    ]
    for (const [path, kind, count] of files) {
      expect(detectKind(readFileSync(path).subarray(0, 65536))).toBe(kind)
      const told: InputKind[] = []
      const records = await readFile(path, { onKind: (k) => told.push(k) })
      expect(told).toEqual([kind])
      expect(records).toHaveLength(count)
      expect(records.filter((r) => r.error !== undefined)).toEqual([])
    }
    const array = tempFile('array.json', JSON.stringify([{ a: 1 }, { b: 2 }]))
    expect(brief(await readFile(array))).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 1, text: '{"b":2}' },
    ])
  })

  it('detects from a stream that delivers the first line byte by byte', async () => {
    const { records } = await read(chunked('{\n "a": 1\n}\n{\n "b": 2\n}\n', [1]))
    expect(brief(records)).toEqual([
      { line: 1, text: '{\n "a": 1\n}' },
      { line: 4, text: '{\n "b": 2\n}' },
    ])
  })
})
