import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../cli/run.js'
import { put, scratch, type JsonReport } from './helpers.js'

const dir = scratch()
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const fixture = (family: string, kind: 'valid' | 'invalid'): string[] =>
  readFileSync(`out/fixtures/${family}/${kind}.jsonl`, 'utf8').split('\n').filter(Boolean)

/** `evcat validate FILE… --format json` into a report file; returns its path. */
async function validateTo(name: string, ...files: string[]): Promise<string> {
  const r = await run('validate', ...files, '--format', 'json', '--max-problems', '100000')
  return put(dir, name, r.out)
}

async function merge(
  ...args: string[]
): Promise<{ code: number; doc: JsonReport & { tap?: TapSection }; out: string; err: string }> {
  const r = await run('report', 'merge', ...args)
  return { code: r.code, doc: r.out === '' ? (undefined as never) : JSON.parse(r.out), out: r.out, err: r.err }
}

interface TapSection {
  frames: number
  atRisk: { id: string; out: string; line: number }[]
  duplicates: number
}

describe('evcat report merge', () => {
  const a = put(
    dir,
    'a.jsonl',
    [...fixture('lxd', 'valid').slice(0, 30), ...fixture('lxd', 'invalid').slice(0, 4)].join('\n') + '\n',
  )
  const b = put(
    dir,
    'b.jsonl',
    [...fixture('i3d', 'invalid').slice(0, 3), ...fixture('i3d', 'valid').slice(0, 10), 'nope'].join('\n') + '\n',
  )

  it('sums reports exactly as one validation of all the inputs counts them, in any order of the arguments', async () => {
    const ra = await validateTo('a.json', a)
    const rb = await validateTo('b.json', b)
    const both = JSON.parse(readFileSync(await validateTo('ab.json', a, b), 'utf8')) as JsonReport
    const ab = await merge(ra, rb)
    const ba = await merge(rb, ra)
    expect(ab.code).toBe(1)
    expect(ab.doc.summary).toEqual(both.summary)
    expect(ab.doc.summary).toEqual({ total: 48, valid: 40, invalid: 7, drift: 0, unreadable: 1 })
    expect(ab.doc.events).toEqual(both.events)
    expect(ab.doc.files.map((f) => f.file).sort()).toEqual([a, b].sort())
    expect(ab.doc.problems.map((p) => `${p.file}:${p.line}`).sort()).toEqual(
      both.problems.map((p) => `${p.file}:${p.line}`).sort(),
    )
    expect(ba.out).toBe(ab.out)
  })

  it('lists problems by arrival time and keeps at most --max-problems, counting the rest as omitted', async () => {
    const problem = (file: string, line: number, time: string): object => ({
      file,
      line,
      family: 'lxd',
      event: 'logging',
      status: 'invalid',
      errors: [{ pointer: '/type', message: 'x', kind: 'contract' }],
      time,
    })
    const report = (file: string, problems: object[]): object => ({
      summary: { total: 10, valid: 10 - problems.length, invalid: problems.length, drift: 0, unreadable: 0 },
      files: [{ file, records: 10, kind: 'jsonl', error: null }],
      events: { lxd: { logging: 10 } },
      problems,
      omittedProblems: 0,
      strict: false,
    })
    const x = put(
      dir,
      'x.json',
      JSON.stringify(
        report('x.jsonl', [
          problem('x.jsonl', 1, '2026-01-01T00:00:01Z'),
          problem('x.jsonl', 9, '2026-01-01T00:00:05Z'),
        ]),
      ),
    )
    const y = put(dir, 'y.json', JSON.stringify(report('y.jsonl', [problem('y.jsonl', 4, '2026-01-01T00:00:03Z')])))
    const m = await merge(x, y, '--max-problems', '2')
    expect(m.doc.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['x.jsonl:1', 'y.jsonl:4'])
    expect(m.doc.omittedProblems).toBe(1)
    expect(m.doc.events).toEqual({ lxd: { logging: 20 } })
  })

  it('counts a message that two consumers captured once, keeping the copy that was not redelivered', async () => {
    const problem = { pointer: '/metadata/status_code', message: 'expected integer', kind: 'contract' }
    const tapReport = (out: string, atRisk: object[], problems: object[], summary: object): object => ({
      summary,
      files: [{ file: out, records: 3, kind: 'jsonl', error: null }],
      events: { lxd: { operation: 3 } },
      problems,
      omittedProblems: 0,
      strict: false,
      tap: {
        reports: [{ source: 'amqp://q', out, started: '2026-01-01T00:00:00.000Z', ended: null }],
        frames: 3,
        bytes: 300,
        lineBreaksReplaced: 0,
        redelivered: atRisk.filter((r) => (r as { redelivered: boolean }).redelivered).length,
        reconnects: 0,
        gaps: [],
        atRisk,
        duplicates: 0,
      },
    })
    const p = (out: string, line: number, time: string): object => ({
      file: out,
      line,
      family: 'lxd',
      event: 'operation',
      status: 'invalid',
      errors: [problem],
      time,
    })
    const risk = (out: string, id: string, line: number, status: string, redelivered: boolean): object => ({
      out,
      id,
      line,
      status,
      family: 'lxd',
      event: 'operation',
      redelivered,
    })
    // The killed consumer wrote m2 (invalid) and m3 but its acks were never confirmed; RabbitMQ gave both to the
    // other consumer again, with m9, which the killed one had received but not written.
    const killed = put(
      dir,
      'killed.json',
      JSON.stringify(
        tapReport(
          'k.jsonl',
          [risk('k.jsonl', 'm2', 2, 'invalid', false), risk('k.jsonl', 'm3', 3, 'valid', false)],
          [p('k.jsonl', 2, '2026-01-01T00:00:02Z')],
          { total: 3, valid: 2, invalid: 1, drift: 0, unreadable: 0 },
        ),
      ),
    )
    const other = put(
      dir,
      'other.json',
      JSON.stringify(
        tapReport(
          'o.jsonl',
          [
            risk('o.jsonl', 'm2', 1, 'invalid', true),
            risk('o.jsonl', 'm3', 2, 'valid', true),
            risk('o.jsonl', 'm9', 3, 'valid', true),
          ],
          [p('o.jsonl', 1, '2026-01-01T00:00:07Z')],
          { total: 3, valid: 2, invalid: 1, drift: 0, unreadable: 0 },
        ),
      ),
    )
    const m = await merge(other, killed)
    expect(m.doc.summary).toEqual({ total: 4, valid: 3, invalid: 1, drift: 0, unreadable: 0 })
    expect(m.doc.events).toEqual({ lxd: { operation: 4 } })
    expect(m.doc.problems.map((x) => `${x.file}:${x.line}`)).toEqual(['k.jsonl:2'])
    expect(m.doc.tap!.duplicates).toBe(2)
    expect(m.doc.tap!.frames).toBe(6)
    expect(m.doc.tap!.atRisk.map((r) => `${r.out}:${r.line}`).sort()).toEqual(['k.jsonl:2', 'k.jsonl:3', 'o.jsonl:3'])
    // A merged report merges again, and nothing is counted twice the second time.
    const again = await merge(
      put(dir, 'merged.json', m.out),
      put(
        dir,
        'empty.json',
        JSON.stringify({
          summary: { total: 0, valid: 0, invalid: 0, drift: 0, unreadable: 0 },
          files: [],
          events: {},
          problems: [],
          omittedProblems: 0,
          strict: false,
        }),
      ),
    )
    expect(again.doc.summary).toEqual(m.doc.summary)
    expect(again.doc.tap!.duplicates).toBe(2)
  })

  it('keeps what stopped the runs early (stoppedBy of a live validate), each reason once', async () => {
    const report = (file: string, stoppedBy?: string | null): string =>
      JSON.stringify({
        summary: { total: 1, valid: 1, invalid: 0, drift: 0, unreadable: 0 },
        files: [{ file, records: 1, kind: 'jsonl', error: null }],
        events: { lxd: { logging: 1 } },
        problems: [],
        omittedProblems: 0,
        strict: false,
        ...(stoppedBy === undefined ? {} : { stoppedBy }),
      })
    const term = put(dir, 'term.json', report('t.jsonl', 'SIGTERM'))
    const int = put(dir, 'int.json', report('i.jsonl', 'SIGINT'))
    const int2 = put(dir, 'int2.json', report('j.jsonl', 'SIGINT'))
    const ended = put(dir, 'ended.json', report('e.jsonl', null))
    const old = put(dir, 'old.json', report('o.jsonl'))
    const m = await merge(term, ended, int, old, int2)
    expect((m.doc as unknown as { stoppedBy: unknown }).stoppedBy).toBe('SIGINT, SIGTERM')
    const none = await merge(ended, old)
    expect((none.doc as unknown as { stoppedBy: unknown }).stoppedBy).toBeNull()
    const text = await run('report', 'merge', int, ended, '--format', 'text')
    expect(text.out).toContain('2 records: 2 valid, 0 invalid, 0 drift, 0 unreadable; stopped by SIGINT\n')
    const bad = put(dir, 'bad-stop.json', report('b.jsonl').replace('"strict":false', '"strict":false,"stoppedBy":2'))
    const r = await run('report', 'merge', bad)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${bad}: stoppedBy is not a text`)
  })

  it('refuses what is not a report, naming the file and the field, with exit 2', async () => {
    const bad = put(dir, 'bad.json', JSON.stringify({ summary: { total: 1, valid: 'one' } }))
    const r = await run('report', 'merge', bad)
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      `evcat: ${bad}: summary.valid is not a count; is it a JSON report of "evcat validate" or "evcat tap"?\n`,
    )
    const text = put(dir, 'text.txt', '3 records: 3 valid\n')
    expect((await run('report', 'merge', text)).err).toMatch(
      /text\.txt is not JSON .*: give JSON reports \(--format json\)/,
    )
    const strict = join(dir, 'strict.json')
    writeFileSync(strict, (await run('validate', a, '--format', 'json', '--strict')).out)
    expect((await run('report', 'merge', await validateTo('a2.json', a), strict)).err).toMatch(
      /--strict .*merge like with like/,
    )
  })
})
