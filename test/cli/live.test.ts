import { execFileSync } from 'node:child_process'
import { open } from 'node:fs/promises'
import { closeSync, constants, openSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { count, killLeftovers, watch, type Watched } from '../support/watched.js'
import { scratch } from '../validate/helpers.js'
import { BIN, spawnEvcat } from './spawn.js'

// `evcat validate -` on live input: a pipe that stays open, records that arrive now and then. Every test writes,
// waits for what that causes, and only then writes again: it checks the order of events, never their timing.

const dir = scratch()
afterAll(() => rmSync(dir, { recursive: true, force: true }))
// A test that fails while waiting leaves its processes waiting on their pipes: they are killed, never left behind.
afterEach(killLeftovers)

const GOOD =
  '{"type":"logging","timestamp":"2026-11-23T12:25:02.327211112Z","metadata":{"message":"m","level":"info","context":{}},"location":"none","project":"default"}'
/** An LXD operation whose status_code is a string: invalid. */
const BAD = readFileSync('test/fixtures/demo.jsonl', 'utf8').split('\n')[0]!

/** `evcat validate -` reading from a pipe the test holds open. */
const validate = (...args: string[]): Watched => watch(process.execPath, [BIN, 'validate', '-', ...args])

/** What marks one problem in each streaming format. */
const MARK: Record<string, string> = { text: ': invalid lxd/operation', github: '::error ', jsonl: '"type":"problem"' }

describe('verdicts stream: each problem is printed when its record is judged', () => {
  it.each(['text', 'github', 'jsonl'])(
    '--format %s: a bad line, its verdict, then the next line; the whole output is the report',
    async (format) => {
      const p = validate('--format', format)
      const input: string[] = []
      for (let i = 1; i <= 3; i++) {
        const lines = [GOOD, BAD]
        input.push(...lines)
        p.write(lines.map((l) => `${l}\n`).join(''))
        await p.waitFor(`verdict ${i}`, (out) => count(out, MARK[format]!) === i)
      }
      expect(p.out).not.toMatch(/records?: /)
      p.child.stdin!.end()
      expect(await p.ended).toEqual({ code: 1, signal: null })
      // Printed as it went, the report is byte for byte the one a single read of the same input gives.
      const once = await spawnEvcat(['validate', '-', '--format', format], { input: input.join('\n') + '\n' })
      expect(p.out).toBe(once.out)
      expect(once.code).toBe(1)
    },
  )

  it('json, junit and sarif are whole documents: nothing before the end, though the records are judged', async () => {
    for (const format of ['json', 'junit', 'sarif']) {
      // --summary-every (standard error is no terminal here) says when the record has been judged.
      const p = validate('--format', format, '--summary-every', '0.05')
      p.write(`${BAD}\n`)
      await p.waitFor('a summary line counting the record', (_, err) => err.includes(' 1 record ('))
      expect(p.err).toMatch(/^evcat: \d+ s: 1 record \(\d+(\.\d)?\/s\): 0 valid, 1 invalid, 0 drift, 0 unreadable$/m)
      expect(p.out).toBe('')
      p.child.stdin!.end()
      expect(await p.ended).toEqual({ code: 1, signal: null })
      const once = await spawnEvcat(['validate', '-', '--format', format], { input: `${BAD}\n` })
      expect(p.out).toBe(once.out)
    }
  })

  it('--jobs 2 streams too, in input order, with the report of one job', async () => {
    const p = validate('--format', 'jsonl', '--jobs', '2')
    const input: string[] = []
    for (let i = 1; i <= 4; i++) {
      const lines = i % 2 === 0 ? [BAD, GOOD] : [GOOD, GOOD, BAD]
      input.push(...lines)
      p.write(lines.map((l) => `${l}\n`).join(''))
      await p.waitFor(`verdict ${i}`, (out) => count(out, '"type":"problem"') === i)
    }
    const lines = p.out.trimEnd().split('\n')
    expect(lines.map((l) => (JSON.parse(l) as { line: number }).line)).toEqual([3, 4, 8, 9])
    p.child.stdin!.end()
    expect(await p.ended).toEqual({ code: 1, signal: null })
    const once = await spawnEvcat(['validate', '-', '--format', 'jsonl'], { input: input.join('\n') + '\n' })
    expect(p.out).toBe(once.out)
  })
})

describe('lxc monitor | evcat validate -: a real pipe from a process that writes an event now and then', () => {
  // monitor-writer.mjs writes lxc monitor's output one event per request, from frames a real LXD 5.0.2 sent.
  it.each([
    ['json', 'compact JSON and a blank line, as lxc monitor --format json (LXD 5.0.2) prints', 'jsonl'],
    ['json-pretty', 'indented multi-line JSON and a blank line', 'json-concat'],
    ['yaml', 'YAML documents and two blank lines, as lxc monitor --format yaml prints', 'yaml'],
  ])(
    '%s (%s): each drift frame is reported before the next is written; Ctrl-C prints the summary',
    async (shape, _, kind) => {
      // Its own process group, so that Ctrl-C can reach the whole pipeline as a terminal sends it. The shell traps
      // SIGINT only to report evcat's exit code; its children get the signal with its default meaning.
      const script = `trap : INT; node test/support/monitor-writer.mjs ${shape} | node ${BIN} validate - --format jsonl; echo "evcat exited $?" >&2`
      const p = watch('sh', ['-c', script], { detached: true })
      const requests = ['good', 'bad', 'good', 'good', 'bad', 'bad']
      let bad = 0
      for (const r of requests) {
        p.write(`${r}\n`)
        if (r === 'bad')
          await p.waitFor(`verdict on drift frame ${++bad}`, (out) => count(out, '"type":"problem"') === bad)
      }
      const problems = p.out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { status: string; event: string })
      expect(problems.map((x) => [x.status, x.event])).toEqual(Array(3).fill(['drift', 'drift-test']))
      // Ctrl-C: SIGINT to the writer (it dies, closing the pipe) and to evcat at once.
      process.kill(-p.child.pid!, 'SIGINT')
      await p.ended
      const summary = JSON.parse(p.out.trimEnd().split('\n').at(-1)!) as Record<string, unknown>
      expect(summary).toMatchObject({
        type: 'summary',
        summary: { total: 6, valid: 3, invalid: 0, drift: 3, unreadable: 0 },
        files: [{ file: '-', records: 6, kind, error: null }],
      })
      // Drift alone passes (no --strict): Ctrl-C exits 0, as the end of the input would.
      expect(p.err).toContain('evcat exited 0\n')
    },
  )
})

describe('SIGINT, SIGTERM and a closed upstream end a run the same way', () => {
  const SUMMARY = '3 records: 2 valid, 1 invalid, 0 drift, 0 unreadable'

  it.each([
    ['SIGINT', `${SUMMARY}; stopped by SIGINT`],
    ['SIGTERM', `${SUMMARY}; stopped by SIGTERM`],
    ['end of input', SUMMARY],
  ])('%s: the records read are judged, the summary printed, exit 1 for an invalid one', async (how, summary) => {
    const p = validate()
    p.write(`${GOOD}\n${BAD}\n${GOOD}\n`)
    await p.waitFor('the verdict on line 2', (out) => out.includes('stdin:2: invalid lxd/operation'))
    // The upstream stays open (no hang: the signal alone ends the run), unless closing it is the test.
    if (how === 'end of input') p.child.stdin!.end()
    else p.child.kill(how as NodeJS.Signals)
    expect(await p.ended).toEqual({ code: 1, signal: null })
    expect(p.out).toContain(`\n\n${summary}\n\nevents seen (catalog `)
    expect(p.err).toBe('')
  })

  it('a stop exits 0 when nothing read was invalid, and drops a half-received record instead of judging it', async () => {
    const p = validate('--summary-every', '0.05')
    p.write(`${GOOD}\n${GOOD.slice(0, 40)}`)
    await p.waitFor('the whole record judged', (_, err) => err.includes(' 1 record ('))
    p.child.kill('SIGINT')
    expect(await p.ended).toEqual({ code: 0, signal: null })
    expect(p.out).toContain('1 record: 1 valid, 0 invalid, 0 drift, 0 unreadable; stopped by SIGINT\n')
  })

  it('the whole-document formats are written after a stop too, saying what stopped them', async () => {
    const p = validate('--format', 'json', '--summary-every', '0.05')
    p.write(`${BAD}\n${GOOD}\n`)
    await p.waitFor('both records judged', (_, err) => err.includes(' 2 records ('))
    p.child.kill('SIGINT')
    expect(await p.ended).toEqual({ code: 1, signal: null })
    const report = JSON.parse(p.out) as { summary: object; stoppedBy: string; files: object[] }
    expect(report.summary).toEqual({ total: 2, valid: 1, invalid: 1, drift: 0, unreadable: 0 })
    expect(report.stoppedBy).toBe('SIGINT')
    expect(report.files).toEqual([{ file: '-', records: 2, kind: 'jsonl', error: null }])
  })

  it('a stop before any input arrives still reports, at once', async () => {
    const p = validate('--format', 'jsonl', '--summary-every', '0.05')
    // Nothing is written: evcat waits on an empty pipe (its summary lines say it is running), then Ctrl-C.
    await p.waitFor('a summary line', (_, err) => err.includes(' 0 records ('))
    p.child.kill('SIGINT')
    expect(await p.ended).toEqual({ code: 0, signal: null })
    expect(JSON.parse(p.out)).toMatchObject({ type: 'summary', summary: { total: 0 }, stoppedBy: 'SIGINT' })
  })
})

describe('a downstream that closes ends evcat cleanly', () => {
  it('`| head`: the next write fails, evcat says so in one line and exits 2, never hangs', async () => {
    const p = validate()
    p.write(`${BAD}\n`)
    await p.waitFor('the first verdict', (out) => out.includes('stdin:1: invalid'))
    // The reader goes away, as head does after its lines; the upstream stays open.
    p.child.stdout!.destroy()
    p.write(`${BAD}\n`)
    expect(await p.ended).toEqual({ code: 2, signal: null })
    expect(p.err).toBe('evcat: cannot write to standard output: the reader closed the pipe (EPIPE)\n')
  })
})

describe('an input that breaks on a pipe that stays open', () => {
  it.each([['1'], ['2']])(
    '--jobs %s: a broken JSON array is reported at once, without waiting for the writer',
    async (jobs) => {
      const p = validate('--jobs', jobs)
      p.write('[{"type":"logging"},\n}')
      // The writer never closes the pipe: evcat must end by itself once the array is broken.
      expect(await p.ended).toEqual({ code: 1, signal: null })
      expect(p.err).toBe(
        "evcat: cannot read -: broken JSON at line 2: expected an array element, found '}'; nothing after it was read\n",
      )
    },
  )
})

describe('a named pipe is live input too', () => {
  it('YAML written into a FIFO now and then: each document is judged before the next is written', async () => {
    const fifo = join(dir, 'monitor.fifo')
    execFileSync('mkfifo', [fifo])
    const p = watch(process.execPath, [BIN, 'validate', fifo, '--format', 'jsonl'])
    // Should evcat end without opening the FIFO, a reader of our own lets the writer's open below return.
    void p.ended.then(() => closeSync(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)))
    // Opening for writing waits for evcat to open it for reading (off the event loop, in the thread pool).
    const writer = await open(fifo, 'w')
    const yaml = readFileSync('test/fixtures/lxd/monitor-5.0.2.yaml.txt', 'utf8').split('\n\n\n')[0]!
    for (let i = 1; i <= 2; i++) {
      await writer.write(`${yaml.replace(/^type: .*$/m, 'type: drift-test')}\n\n\n`)
      await p.waitFor(`verdict ${i}`, (out) => count(out, '"type":"problem"') === i)
    }
    await writer.close()
    expect(await p.ended).toEqual({ code: 0, signal: null })
    expect(JSON.parse(p.out.trimEnd().split('\n').at(-1)!)).toMatchObject({
      summary: { total: 2, drift: 2 },
      files: [{ file: fifo, records: 2, kind: 'yaml', error: null }],
    })
  })
})
