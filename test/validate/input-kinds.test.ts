import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readRecords, type ReadOptions } from '../../src/validate/input/index.js'
import type { InputKind, InputRecord } from '../../src/validate/types.js'
import { put, scratch, validateJson } from './helpers.js'

const dir = scratch()
const RS = '\u001e'

/** A stream of `data` in pieces of `size` bytes, so that boundaries fall everywhere. */
function chunked(data: Buffer | string, size: number): Readable {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8')
  const parts: Buffer[] = []
  for (let at = 0; at < buf.length; at += size) parts.push(buf.subarray(at, at + size))
  return Readable.from(parts)
}

/** The records of an input, the kind it was read as, and the error it stopped with. */
async function read(stream: Readable, options: ReadOptions = {}) {
  const records: Omit<InputRecord, 'file'>[] = []
  let kind: InputKind | undefined
  try {
    for await (const batch of readRecords({ name: 'in', stream }, { ...options, onKind: (k) => (kind = k) }))
      records.push(...batch.map(({ file: _f, ...r }) => r))
  } catch (error) {
    return { records, kind, error: (error as Error).message }
  }
  return { records, kind }
}

describe('RFC 7464 application/json-seq (--input json-seq)', () => {
  const seq = `${RS}{"a":1}\n${RS}{\n  "b": [2]\n}\n${RS}${RS}\n${RS}{"c":"x"}\n`

  it('reads each RS-started record, with the line of its RS, at any chunking, and is detected by its RS', async () => {
    for (const size of [1, 2, 5, seq.length]) {
      for (const options of [{ kind: 'json-seq' as const }, {}]) {
        const got = await read(chunked(seq, size), options)
        expect(got).toEqual({
          kind: 'json-seq',
          records: [
            { line: 1, text: '{"a":1}' },
            { line: 2, text: '{\n  "b": [2]\n}' },
            { line: 6, text: '{"c":"x"}' },
          ],
        })
      }
    }
  })

  it('an input with no RS is one unreadable record that says what it is, not one per line', async () => {
    const concat = '{"a":1}\n{"b":2}\n{"c":3}\n'.repeat(1000)
    const got = await read(chunked(concat, 4096), { kind: 'json-seq' })
    expect(got.records).toEqual([{ line: 1, error: expect.stringMatching(/^text before the first RS \(0x1E\)/) }])
    expect(got.records[0]!.error).toContain('--input json-concat')
  })

  it('a truncated or broken record is unreadable at its line; the records after it are read', async () => {
    const { report } = await validateJson(
      put(dir, 'broken.seq', `${RS}{"name":"target","val":1,"msg":"","metadata":null}\n${RS}{"tru\n${RS}[1,2]\n`),
      '--input',
      'json-seq',
    )
    expect(report.summary).toEqual({ total: 3, valid: 1, invalid: 0, drift: 0, unreadable: 2 })
    expect(report.problems.map((p) => [p.line, p.errors[0]!.message.slice(0, 15)])).toEqual([
      [2, 'not JSON: Unter'],
      [3, 'not an object: '],
    ])
  })

  it('a record over the limit is counted as unreadable at its line, and skipped', async () => {
    const big = `${RS}{"s":"${'x'.repeat(300)}"}\n`
    const got = await read(chunked(`${RS}{"a":1}\n${big}${RS}{"b":2}\n`, 7), { kind: 'json-seq', maxRecordBytes: 100 })
    expect(got.records).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, error: 'record longer than the 100-byte limit (100 bytes)' },
      { line: 3, text: '{"b":2}' },
    ])
  })
})

describe('--input json-concat: JSON values one after another (lxc monitor --format json)', () => {
  it('is detected for pretty-printed objects and named in the file summary', async () => {
    const file = put(dir, 'monitor.json', '{\n  "name": "a", "val": 1, "msg": "", "metadata": null\n}\n{"name":"b"}\n')
    const { report } = await validateJson(file)
    expect(report.files).toEqual([{ file, records: 2, kind: 'json-concat', error: null }])
    const forced = await validateJson(file, '--input', 'json-concat')
    expect(forced.report.summary).toEqual(report.summary)
  })
})

describe('--input json', () => {
  it('takes a file of one JSON object, as auto-detection does', async () => {
    const file = put(dir, 'one.json', '{\n  "name": "target",\n  "val": 8750,\n  "msg": "",\n  "metadata": null\n}\n')
    const forced = await validateJson(file, '--input', 'json')
    expect(forced.report.summary).toEqual({ total: 1, valid: 1, invalid: 0, drift: 0, unreadable: 0 })
    expect(forced.code).toBe(0)
    const detected = await validateJson(file)
    expect(detected.report.summary).toEqual(forced.report.summary)
  })

  it('a broken array is one error at the place where it broke, with no phantom record', async () => {
    const good = '{"name":"target","val":1,"msg":"","metadata":null}'
    const file = put(dir, 'broken.json', `[${good},\n${good}\n${good}]`)
    const { code, report, err } = await validateJson(file)
    expect(report.summary).toEqual({ total: 2, valid: 2, invalid: 0, drift: 0, unreadable: 0 })
    expect(report.files[0]!.error).toBe(
      `cannot read ${file}: broken JSON at line 3: expected ',' or ']' after an array element, found '{'; nothing after it was read`,
    )
    expect(err).toBe(`evcat: ${report.files[0]!.error}\n`)
    expect(code).toBe(1)
  })
})

describe('UTF-16 and UTF-32 inputs', () => {
  const text =
    '{"name":"audit-fail","val":0,"msg":"é ✓ 😀","metadata":null}\n{"name":"target","val":2,"msg":"","metadata":null}\n'
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
  const be = Buffer.from(le).swap16()

  it('UTF-16 with a byte order mark (LE or BE) is decoded and read, at any chunking', async () => {
    for (const data of [le, be]) {
      for (const size of [1, 3, 64, data.length]) {
        const got = await read(chunked(data, size))
        expect(got).toEqual({
          kind: 'jsonl',
          records: [
            { line: 1, text: text.split('\n')[0] },
            { line: 2, text: text.split('\n')[1] },
          ],
        })
      }
    }
    // Judged exactly as the same text in UTF-8 (the first record breaks an enum with its non-ASCII text).
    const wide = await validateJson(put(dir, 'utf16.jsonl', be))
    const utf8 = await validateJson(put(dir, 'utf8.jsonl', text))
    expect(wide.report.summary).toEqual({ total: 2, valid: 1, invalid: 1, drift: 0, unreadable: 0 })
    expect(wide.report.problems.map((p) => p.errors)).toEqual(utf8.report.problems.map((p) => p.errors))
    expect(wide.report.problems[0]!.errors[0]!.message).toContain('got string "é ✓ 😀"')
  })

  it('UTF-16 without a byte order mark, and UTF-32, are refused once with a hint, never line by line', async () => {
    const cases: [Buffer, string][] = [
      [Buffer.from(text.repeat(500), 'utf16le'), 'iconv -f UTF-16LE -t UTF-8'],
      [Buffer.from(text.repeat(500), 'utf16le').swap16(), 'iconv -f UTF-16BE -t UTF-8'],
      [Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]), 'iconv -f UTF-32 -t UTF-8'],
    ]
    for (const [data, hint] of cases) {
      const file = put(dir, 'wide.jsonl', data)
      const { code, report, err } = await validateJson(file)
      expect(report.summary.total).toBe(0)
      expect(report.files[0]!.error).toContain(hint)
      expect(err.trimEnd().split('\n')).toHaveLength(1)
      expect(code).toBe(1)
    }
  })
})
