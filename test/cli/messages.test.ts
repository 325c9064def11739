import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { put, scratch, validateJson } from '../validate/helpers.js'
import { run } from './run.js'
import { spawnEvcat, spawnProcess } from './spawn.js'

const dir = scratch()
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const DEMO = 'test/fixtures/demo.jsonl'
const LOG =
  '{"type":"logging","timestamp":"2026-11-23T12:25:02.327211112Z","metadata":{"message":"m","level":"info","context":{}},"location":"none","project":"default"}'

describe('evcat validate reports where the problem is, briefly', () => {
  it('an unknown type is reported at /type, not at the next discriminator', async () => {
    const { report } = await validateJson(
      put(dir, 'type.jsonl', '{"type":"zzz","timestamp":"2026-11-23T12:25:02Z","metadata":{}}\n'),
    )
    expect(report.problems[0]).toMatchObject({ status: 'drift', family: 'lxd', event: 'zzz' })
    expect(report.problems[0]!.errors.at(-1)).toEqual({
      pointer: '/type',
      kind: 'drift',
      message: 'event not in the catalog: "zzz"',
    })
  })

  it('an unknown lifecycle action is still reported at /metadata/action', async () => {
    const { report } = await validateJson(DEMO)
    expect(report.problems[1]!.errors.at(-1)!.pointer).toBe('/metadata/action')
  })

  it('shortens echoed values everywhere: a 1 MB type, key and value give a short report', async () => {
    const long = 'x'.repeat(1 << 20)
    const lines = [
      JSON.stringify({ type: long, timestamp: '2026-11-23T12:25:02Z', metadata: {} }),
      JSON.stringify({ ...JSON.parse(LOG), [long]: 1 }),
      JSON.stringify({ ...JSON.parse(LOG), timestamp: long }),
    ]
    const file = put(dir, 'long.jsonl', lines.join('\n') + '\n')
    for (const format of ['text', 'json', 'github', 'junit', 'sarif']) {
      const r = await run('validate', file, '--format', format)
      expect(r.out.length, format).toBeLessThan(12_000)
      expect(r.out).toContain('xxx...')
    }
    const { report } = await validateJson(file)
    expect(report.problems[0]!.event).toBe(`${'x'.repeat(97)}...`)
    expect(report.problems[0]!.errors.at(-1)!.message).toBe(
      `event not in the catalog: "${'x'.repeat(97)}..." (1048576 characters)`,
    )
    expect(report.problems[1]!.errors[0]!.pointer).toBe(`/${'x'.repeat(97)}...`)
    expect(report.problems[2]!.errors[0]!.message).toMatch(/got string "x{57}\.\.\." \(1048576 characters\)$/)
  })

  it('prints (drift) once per drift line', async () => {
    const r = await run('validate', put(dir, 'drift.jsonl', JSON.stringify({ ...JSON.parse(LOG), extra: 1 }) + '\n'))
    expect(r.out).toContain('  /extra: field not in the catalog (drift)\n')
    expect(r.out).not.toContain('(drift) (drift)')
  })
})

describe('evcat validate says what it could not find', () => {
  it('--catalog /nonexistent: the folder does not exist', async () => {
    const r = await run('validate', '--catalog', '/nonexistent', DEMO)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(
      /^evcat: catalog folder "\/nonexistent" does not exist \(looked for \/nonexistent\); pass --catalog DIR/,
    )
  })

  it('a missing input file is said on standard error and in the summary', async () => {
    const r = await run('validate', DEMO, '/nonexistent.jsonl')
    expect(r.code).toBe(1)
    expect(r.err).toBe('evcat: cannot open /nonexistent.jsonl: no such file or directory\n')
    expect(r.out).toContain(
      '4 records: 1 valid, 1 invalid, 1 drift, 1 unreadable; 1 file could not be read (/nonexistent.jsonl)\n',
    )
  })

  it("outside the repository root: which --out it looked for, and how to point it at evcat's own", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'evcat-elsewhere-'))
    try {
      const demo = resolve(DEMO)
      const r = await spawnEvcat(['validate', demo], { cwd: elsewhere })
      expect(r.code).toBe(2)
      const root = resolve('.')
      expect(r.err).toBe(
        `evcat: no validators at ${join(elsewhere, 'out', 'validators', 'index.js')} (--out out); run "evcat generate" ` +
          'to make them, or pass --out DIR, the folder "evcat generate" wrote, and --catalog DIR, its catalog ' +
          `(evcat's own: --out ${root}/out --catalog ${root}/catalog)\n`,
      )
      const pointed = await spawnEvcat(['validate', demo, '--out', `${root}/out`, '--catalog', `${root}/catalog`], {
        cwd: elsewhere,
      })
      expect(pointed.out).toContain('4 records: 1 valid, 1 invalid, 1 drift, 1 unreadable\n')
      expect(pointed.code).toBe(1)
    } finally {
      rmSync(elsewhere, { recursive: true, force: true })
    }
  })
})

describe('evcat validate after a generate killed between its two renames', () => {
  it('says where out/ was set aside and how to put it back', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'evcat-aside-'))
    try {
      const aside = join(parent, 'out.evcat-old-999999-abcdef01')
      mkdirSync(join(aside, 'validators'), { recursive: true })
      const r = await run('validate', '--out', join(parent, 'out'), DEMO)
      expect(r.code).toBe(2)
      expect(r.err).toBe(
        `evcat: no validators in ${join(parent, 'out')}: an interrupted "evcat generate" set it aside as ${aside}; ` +
          'run "evcat generate" to put it back\n',
      )
    } finally {
      rmSync(parent, { recursive: true, force: true })
    }
  })
})

describe('events seen', () => {
  it('shows the real count of distinct events, and says when it stopped listing them', async () => {
    const lines: string[] = []
    for (let i = 0; i < 10_005; i++) lines.push(`{"type":"t${i}","timestamp":"2026-11-23T12:25:02Z","metadata":{}}`)
    lines.push(`{"type":"t1","timestamp":"2026-11-23T12:25:02Z","metadata":{}}`)
    const file = put(dir, 'many.jsonl', lines.join('\n') + '\n')
    for (const jobs of ['1', '2']) {
      const r = await run('validate', file, '--max-problems', '0', '--jobs', jobs)
      expect(r.out).toContain('  lxd: 10005 events seen, 10006 records\n')
      expect(r.out).toContain(
        '    (5 more events, 5 records, not listed: a report lists the first 10000 distinct events)\n',
      )
      const { report } = await validateJson(file, '--max-problems', '0', '--jobs', jobs)
      expect(Object.keys(report.events['lxd']!)).toHaveLength(10_000)
      expect((report as unknown as { unlistedEvents: object }).unlistedEvents).toEqual({
        lxd: { events: 5, records: 5, atLeast: false },
      })
    }
  })
})

describe('evcat validate on a terminal', () => {
  // `script` gives the command a terminal (a pty), as a person at a shell would.
  const onTerminal = (command: string, input = '') =>
    spawnProcess('script', ['-qec', command, '/dev/null'], { input, env: { ...process.env, TERM: 'dumb' } })

  it('says that it is reading standard input when given no file', async () => {
    // Ctrl-D on the terminal ends the input.
    const r = await onTerminal(`node bin/evcat.js validate`, '\u0004')
    expect(r.out).toContain(
      'evcat: reading records from standard input (paste or type them, then Ctrl-D; Ctrl-C stops and reports)',
    )
    expect(r.out).toContain('0 records: 0 valid')
  })

  it('shows a status line while the input stays open (records, rate, counts), with correct plurals: 1 record', async () => {
    writeFileSync(join(dir, 'one.jsonl'), LOG + '\n')
    // The input stays open for 2 s after its one record: the status line is redrawn meanwhile, then erased.
    const r = await onTerminal(`(cat ${join(dir, 'one.jsonl')}; sleep 2) | node bin/evcat.js validate -`)
    expect(r.out).toMatch(
      /\r\x1b\[Kevcat: \d+ s: 1 record \(\d+(\.\d)?\/s\): 1 valid, 0 invalid, 0 drift, 0 unreadable/,
    )
    expect(r.out).not.toContain('1 records')
    expect(r.out).toContain('\r\x1b[K1 record: 1 valid')
  })
})
