import { gzipSync } from 'node:zlib'
import { XMLParser } from 'fast-xml-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { run } from '../cli/run.js'
import { put, realModel, scratch, validateJson, wireLines } from './helpers.js'

const dir = scratch()
let good: string[]
beforeAll(async () => {
  good = wireLines(await realModel(), 'lxd')
    .map((l) => l.line)
    .slice(0, 5)
})

describe('evcat validate never crashes on bad input, and accounts for every record', () => {
  it('a truncated last line is one unreadable record', async () => {
    const { code, report } = await validateJson(put(dir, 'trunc.jsonl', `${good[0]}\n${good[1]!.slice(0, 40)}`))
    expect(report.summary).toEqual({ total: 2, valid: 1, invalid: 0, drift: 0, unreadable: 1 })
    expect(report.problems[0]).toMatchObject({
      line: 2,
      status: 'unreadable',
      errors: [{ message: expect.stringMatching(/^not JSON: /) }],
    })
    expect(code).toBe(1)
  })

  it('CRLF line endings and a BOM are read as plain lines', async () => {
    const { code, report } = await validateJson(put(dir, 'crlf.jsonl', `\ufeff${good.join('\r\n')}\r\n`))
    expect(report.summary).toMatchObject({ total: 5, valid: 5 })
    expect(code).toBe(0)
  })

  it('invalid UTF-8 makes that line unreadable, not the file', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${good[0]}\n{"type":"`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`"}\n${good[1]}\n`),
    ])
    const { report } = await validateJson(put(dir, 'utf8.jsonl', bytes))
    expect(report.summary).toMatchObject({ total: 3, valid: 2, unreadable: 1 })
    expect(report.problems[0]).toMatchObject({ line: 2, errors: [{ message: 'invalid UTF-8' }] })
  })

  it('a 50 MB single line is read and judged', async () => {
    const big = `{"type":"logging","timestamp":"2026-01-01T00:00:00Z","metadata":{"message":"${'x'.repeat(50 * 1024 * 1024)}","level":"info","context":{}}}`
    const { report } = await validateJson(put(dir, 'big.jsonl', `${big}\n${good[0]}\n`))
    expect(report.summary).toEqual({ total: 2, valid: 2, invalid: 0, drift: 0, unreadable: 0 })
  })

  it('a record over the 64 MiB limit is unreadable at its line, with one job or two; the rest is judged', async () => {
    const over = `{"type":"logging","metadata":{"message":"${'x'.repeat(64 * 1024 * 1024)}"}}`
    const file = put(dir, 'over.jsonl', `${good[0]}\n${good[1]}\n${over}\n${good[2]}\n`)
    for (const jobs of ['1', '2']) {
      const { report } = await validateJson(file, '--jobs', jobs)
      expect(report.summary).toEqual({ total: 4, valid: 3, invalid: 0, drift: 0, unreadable: 1 })
      expect(report.problems).toEqual([
        {
          file,
          line: 3,
          family: null,
          event: null,
          status: 'unreadable',
          errors: [{ pointer: '', kind: 'contract', message: 'record longer than the 64 MiB limit (67108864 bytes)' }],
        },
      ])
    }
  })

  it('deeply nested JSON is judged (unreadable or invalid), never a crash', async () => {
    const deep = `{"type":"logging","timestamp":"2026-01-01T00:00:00Z","metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    const { report } = await validateJson(put(dir, 'deep.jsonl', `${deep}\n${good[0]}\n`))
    expect(report.summary.total).toBe(2)
    expect(report.summary.valid).toBe(1)
    expect(report.summary.invalid + report.summary.unreadable).toBe(1)
  })

  it('__proto__ keys are data: reported as drift, never polluting anything', async () => {
    const line = good[0]!.replace(/^\{/, '{"__proto__":{"polluted":true},')
    const { report } = await validateJson(put(dir, 'proto.jsonl', `${line}\n`))
    expect(report.problems[0]!.errors).toEqual([
      { pointer: '/__proto__', kind: 'drift', message: 'field not in the catalog' },
    ])
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('an empty file is zero records and exit 0', async () => {
    const { code, report } = await validateJson(put(dir, 'empty.jsonl', ''))
    expect(report.summary.total).toBe(0)
    expect(code).toBe(0)
  })

  it('a missing file is reported, and the other files are still validated', async () => {
    const { code, report } = await validateJson(`${dir}/nope.jsonl`, put(dir, 'ok.jsonl', good.join('\n')))
    expect(report.files.map((f) => [f.records, f.error])).toEqual([
      [0, `cannot open ${dir}/nope.jsonl: no such file or directory`],
      [5, null],
    ])
    expect(report.summary.valid).toBe(5)
    expect(code).toBe(1)
  })

  it('not an object (a number, an array, null) is unreadable', async () => {
    const { report } = await validateJson(put(dir, 'scalars.jsonl', '5\n[1]\nnull\n'))
    expect(report.problems.map((p) => p.errors[0]!.message)).toEqual([
      'not an object: a JSON number',
      'not an object: a JSON array',
      'not an object: a JSON null',
    ])
  })

  it('reads gzip, JSON arrays, lxc monitor JSON and YAML', async () => {
    const files = [
      put(dir, 'cap.jsonl.gz', gzipSync(good.join('\n'))),
      put(dir, 'cap.json', `[\n${good.join(',\n')}\n]`),
      'test/fixtures/lxd/monitor-5.0.2.json.txt',
      'test/fixtures/lxd/monitor-5.0.2.yaml.txt',
    ]
    const { report } = await validateJson(...files)
    expect(report.files.map((f) => [f.kind, f.records, f.error])).toEqual([
      ['jsonl', 5, null],
      ['json', 5, null],
      ['jsonl', 200, null],
      ['yaml', 200, null],
    ])
    expect(report.summary).toMatchObject({ total: 410, valid: 410 })
  })
})

describe('evcat validate: contract of the command', () => {
  it('--max-problems bounds the listing, never the counting', async () => {
    const file = put(dir, 'many.jsonl', 'x\n'.repeat(50))
    const { report } = await validateJson(file, '--max-problems', '3')
    expect(report.summary.unreadable).toBe(50)
    expect(report.problems).toHaveLength(3)
    expect(report.omittedProblems).toBe(47)
  })

  it('exit 2 for usage errors', async () => {
    expect((await run('validate', 'x.jsonl', '--format', 'xml')).code).toBe(2)
    expect((await run('validate', 'x.jsonl', '--family', 'nope')).code).toBe(2)
    expect((await run('validate', 'x.jsonl', '--max-problems', '-1')).code).toBe(2)
  })

  it('every --format prints something its consumers can parse', async () => {
    const file = put(dir, 'fmt.jsonl', `${good[0]}\nbroken\n`)
    const junit = new XMLParser({ ignoreAttributes: false }).parse(
      (await run('validate', file, '--format', 'junit')).out,
    ) as Record<string, any>
    expect(junit['testsuites']['@_tests']).toBeDefined()
    const sarif = JSON.parse((await run('validate', file, '--format', 'sarif')).out) as {
      version: string
      runs: { results: unknown[] }[]
    }
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0]!.results).toHaveLength(1)
    const github = (await run('validate', file, '--format', 'github')).out
    expect(github).toMatch(new RegExp(`^::error file=${file.replace(/[/.]/g, '\\$&')},line=2`, 'm'))
    const text = (await run('validate', file)).out
    expect(text).toContain('2 records: 1 valid, 0 invalid, 0 drift, 1 unreadable')
  })
})
