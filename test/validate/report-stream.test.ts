import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FamilyTable } from '../../src/runtime/dispatch.js'
import { formatReport, ReportStream, STREAMING_FORMATS } from '../../src/validate/report/index.js'
import { validateInputsParallel } from '../../src/validate/parallel.js'
import { validateInputs } from '../../src/validate/run.js'
import type { LineResult, ReportFormat, ValidationReport } from '../../src/validate/types.js'
import { put, scratch } from './helpers.js'

const FORMATS: readonly ReportFormat[] = ['text', 'json', 'jsonl', 'junit', 'github', 'sarif']
const dir = scratch()
let tables: readonly FamilyTable[]
let capture: string

beforeAll(async () => {
  tables = ((await import(resolve('out/validators/index.js'))) as { tables: readonly FamilyTable[] }).tables
  // The demo's invalid, drift and unreadable records among the real LXD capture's valid ones, several times over.
  const demo = readFileSync('test/fixtures/demo.jsonl', 'utf8')
  const lxd = readFileSync('test/fixtures/lxd/capture-5.0.2.jsonl', 'utf8').split('\n').slice(0, 300).join('\n')
  capture = put(dir, 'mixed.jsonl', [demo, lxd, demo, '\n', demo].join('\n'))
})

/** A run whose problems go to a report stream as they are judged, flushed after each batch; what it wrote. */
async function streamed(
  format: ReportFormat,
  options: { maxProblems?: number; strict?: boolean; jobs?: number } = {},
): Promise<{ report: ValidationReport; writes: string[]; flushes: number }> {
  const writes: string[] = []
  const stream = new ReportStream(format, (t) => writes.push(t), { catalogVersion: '9.9', strict: options.strict })
  let flushes = 0
  const run = {
    ...options,
    onProblem: (p: LineResult) => stream.problem(p),
    onProgress: () => {
      flushes++
      stream.flush()
    },
  }
  const report =
    options.jobs === undefined
      ? await validateInputs([capture], tables, run)
      : await validateInputsParallel([capture], tables, resolve('out/validators/index.js'), {
          ...run,
          jobs: options.jobs,
        })
  stream.end(report)
  return { report, writes, flushes }
}

describe('ReportStream', () => {
  it.each(FORMATS)('%s: what it writes, piece by piece, is formatReport of the finished report', async (format) => {
    for (const options of [{}, { maxProblems: 2 }, { strict: true }, { jobs: 2 }]) {
      const { report, writes } = await streamed(format, options)
      expect(report.problems.length).toBeGreaterThan(0)
      expect(writes.join('')).toBe(formatReport(report, format, { catalogVersion: '9.9' }))
      // Streaming formats write the problems before the end; whole documents write once, at the end.
      expect(writes.length > 1).toBe(STREAMING_FORMATS.includes(format))
    }
  })

  it('writes each problem at the flush after it, and nothing more than --max-problems keeps', async () => {
    const kept: LineResult[] = []
    const writes: string[] = []
    const stream = new ReportStream('jsonl', (t) => writes.push(t))
    const report = await validateInputs([capture], tables, {
      maxProblems: 4,
      onProblem: (p) => {
        kept.push(p)
        stream.problem(p)
      },
      onProgress: () => stream.flush(),
    })
    expect(writes).toHaveLength(1)
    stream.end(report)
    expect(kept).toEqual(report.problems)
    expect(report.omittedProblems).toBe(5)
    expect(writes.slice(0, -1).join('').trimEnd().split('\n')).toHaveLength(4)
    expect(writes.at(-1)).toMatch(/^\{"type":"summary",.*"omittedProblems":5,"strict":false,"stoppedBy":null\}\n$/)
  })

  it('keepProblems: false keeps none in the report (a days-long live run), and prints the same', async () => {
    for (const jobs of [undefined, 2]) {
      const listed: LineResult[] = []
      const writes: string[] = []
      const stream = new ReportStream('text', (t) => writes.push(t))
      const options = {
        maxProblems: 4,
        keepProblems: false,
        onProblem: (p: LineResult) => {
          listed.push(p)
          stream.problem(p)
        },
        onProgress: () => stream.flush(),
      }
      const report =
        jobs === undefined
          ? await validateInputs([capture], tables, options)
          : await validateInputsParallel([capture], tables, resolve('out/validators/index.js'), { ...options, jobs })
      stream.end(report)
      expect(report.problems).toEqual([])
      expect(listed).toHaveLength(4)
      expect(report.omittedProblems).toBe(5)
      expect(writes.join('')).toBe(formatReport({ ...report, problems: listed }, 'text'))
    }
  })

  it('jsonl: one object per problem, as json has it with "type":"problem", then one summary object', async () => {
    const { report, writes } = await streamed('jsonl')
    const lines = writes
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    const json = JSON.parse(formatReport(report, 'json')) as Record<string, unknown> & { problems: object[] }
    expect(lines.slice(0, -1)).toEqual(json.problems.map((p) => ({ type: 'problem', ...p })))
    const { problems: _, ...rest } = json
    expect(lines.at(-1)).toEqual({ type: 'summary', ...rest })
  })

  it('a stopped report says what stopped it, in every format', () => {
    const report: ValidationReport = {
      summary: { total: 1, valid: 1, invalid: 0, drift: 0, unreadable: 0 },
      files: [{ file: '-', records: 1, kind: 'jsonl' }],
      events: { lxd: { logging: 1 } },
      problems: [],
      omittedProblems: 0,
      strict: false,
      stoppedBy: 'SIGINT',
    }
    expect(formatReport(report, 'text')).toContain(
      '1 record: 1 valid, 0 invalid, 0 drift, 0 unreadable; stopped by SIGINT\n',
    )
    expect(formatReport(report, 'github')).toContain(
      '::notice::1 record: 1 valid, 0 invalid, 0 drift, 0 unreadable; stopped by SIGINT',
    )
    expect(JSON.parse(formatReport(report, 'json'))).toMatchObject({ stoppedBy: 'SIGINT' })
    expect(JSON.parse(formatReport(report, 'jsonl'))).toMatchObject({ type: 'summary', stoppedBy: 'SIGINT' })
    expect(formatReport(report, 'junit')).toContain('<property name="stoppedBy" value="SIGINT"/>')
    expect(JSON.parse(formatReport(report, 'sarif'))).toMatchObject({ runs: [{ properties: { stoppedBy: 'SIGINT' } }] })
  })
})
