import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { formatReport } from '../../src/validate/report/index.js'
import type { ReportFormat, ValidationReport } from '../../src/validate/types.js'

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

/** Everything a reporter must not let through raw: markup, quotes, a line break, command escapes, a control char. */
const HOSTILE = `bad <tag> & "quoted" 'single'\nsecond line: 100% a,b::c \u0001 end`
/** What XML can carry of it: U+0001 is illegal in XML 1.0 and is dropped. */
const HOSTILE_XML = HOSTILE.replace('\u0001', '')

/** Three families, a record with a contract and a drift error, a drift record, an unreadable one on stdin, a missing file. */
function sampleReport(strict = false): ValidationReport {
  return {
    summary: { total: 8, valid: 3, invalid: 3, drift: 1, unreadable: 1 },
    files: [
      { file: 'events/a.jsonl', records: 6, kind: 'jsonl' },
      { file: '-', records: 2, kind: 'jsonl' },
      { file: 'missing.jsonl', records: 0, error: 'cannot open: ENOENT' },
    ],
    // Deliberately unsorted: every format must sort families and events.
    events: {
      lxd: { operation: 1, logging: 1 },
      i3d: { 'server.deleted': 1, 'server.created': 2 },
      batcher: { 'batch.flushed': 2 },
    },
    problems: [
      {
        file: 'events/a.jsonl',
        line: 2,
        status: 'invalid',
        family: 'i3d',
        event: 'server.created',
        errors: [
          { pointer: '/data/name', message: HOSTILE, kind: 'contract' },
          { pointer: '/data/colour', message: 'unknown field "colour"', kind: 'drift' },
        ],
      },
      {
        file: 'events/a.jsonl',
        line: 4,
        status: 'drift',
        family: 'lxd',
        event: 'logging',
        errors: [{ pointer: '/metadata/extra', message: 'unknown field "extra"', kind: 'drift' }],
      },
      {
        file: 'events/a.jsonl',
        line: 5,
        status: 'invalid',
        family: 'batcher',
        event: 'batch.flushed',
        errors: [{ pointer: '/size', message: 'must be >= 1', kind: 'contract' }],
      },
      {
        file: '-',
        line: 2,
        status: 'unreadable',
        errors: [{ pointer: '', message: 'not JSON: unexpected "}"', kind: 'contract' }],
      },
    ],
    omittedProblems: 1,
    strict,
  }
}

describe('json', () => {
  it('prints exactly the report, in a stable key order, with counts that add up', () => {
    const out = formatReport(sampleReport(), 'json')
    expect(out.endsWith('}\n')).toBe(true)
    expect(out.split('\n')[1]).toBe('  "summary": {')
    const doc = JSON.parse(out) as Record<string, unknown>
    expect(Object.keys(doc)).toEqual([
      'summary',
      'files',
      'events',
      'unlistedEvents',
      'problems',
      'omittedProblems',
      'strict',
      'stoppedBy',
    ])
    expect(doc).toEqual({
      summary: { total: 8, valid: 3, invalid: 3, drift: 1, unreadable: 1 },
      files: [
        { file: 'events/a.jsonl', records: 6, kind: 'jsonl', error: null },
        { file: '-', records: 2, kind: 'jsonl', error: null },
        { file: 'missing.jsonl', records: 0, kind: null, error: 'cannot open: ENOENT' },
      ],
      events: {
        batcher: { 'batch.flushed': 2 },
        i3d: { 'server.created': 2, 'server.deleted': 1 },
        lxd: { logging: 1, operation: 1 },
      },
      unlistedEvents: {},
      problems: sampleReport().problems.map((p) => ({ family: null, event: null, ...p })),
      omittedProblems: 1,
      strict: false,
      stoppedBy: null,
    })
    expect(Object.keys((doc.events as Record<string, object>).i3d!)).toEqual(['server.created', 'server.deleted'])
    const s = doc.summary as ValidationReport['summary']
    expect(s.valid + s.invalid + s.drift + s.unreadable).toBe(s.total)
    const problems = doc.problems as Array<{ errors: Array<{ message: string }> }>
    expect(problems[0]!.errors[0]!.message).toBe(HOSTILE)
    expect(problems.length + (doc.omittedProblems as number)).toBe(s.invalid + s.drift + s.unreadable)
  })
})

describe('text', () => {
  it('prints each problem, the summary (naming files that could not be read) and the events seen', () => {
    expect(formatReport(sampleReport(), 'text', { catalogVersion: '2026.11' }).split('\n')).toEqual([
      'events/a.jsonl:2: invalid i3d/server.created',
      `  /data/name: bad <tag> & "quoted" 'single'`,
      '    second line: 100% a,b::c \\u0001 end',
      '  /data/colour: unknown field "colour" (drift)',
      'events/a.jsonl:4: drift lxd/logging',
      '  /metadata/extra: unknown field "extra" (drift)',
      'events/a.jsonl:5: invalid batcher/batch.flushed',
      '  /size: must be >= 1',
      'stdin:2: unreadable',
      '  not JSON: unexpected "}"',
      '(1 more problem not shown; raise --max-problems)',
      '',
      '8 records: 3 valid, 3 invalid, 1 drift, 1 unreadable; 1 file could not be read (missing.jsonl)',
      '',
      'events seen (catalog 2026.11):',
      '  batcher: 1 event seen, 2 records',
      '    batcher/batch.flushed 2',
      '  i3d: 2 events seen, 3 records',
      '    i3d/server.created 2',
      '    i3d/server.deleted 1',
      '  lxd: 2 events seen, 2 records',
      '    lxd/logging 1',
      '    lxd/operation 1',
      '',
    ])
  })

  it('prints only the summary for a clean run, and says when --strict was on', () => {
    const clean: ValidationReport = {
      summary: { total: 1, valid: 1, invalid: 0, drift: 0, unreadable: 0 },
      files: [{ file: 'a.jsonl', records: 1 }],
      events: { i3d: { 'server.created': 1 } },
      unlistedEvents: {},
      problems: [],
      omittedProblems: 0,
      strict: true,
    }
    expect(formatReport(clean, 'text')).toBe(
      '1 record: 1 valid, 0 invalid, 0 drift, 0 unreadable (strict: drift counts as a failure)\n\n' +
        'events seen:\n  i3d: 1 event seen, 1 record\n    i3d/server.created 1\n',
    )
    expect(formatReport({ ...clean, events: {} }, 'text')).toContain('\nevents seen: none\n')
  })

  it('uses ANSI color only when asked', () => {
    expect(formatReport(sampleReport(), 'text')).not.toContain('\x1b')
    const colored = formatReport(sampleReport(), 'text', { color: true })
    expect(colored).toContain('\x1b[31minvalid\x1b[0m')
    expect(colored).toContain('\x1b[33mdrift\x1b[0m')
    expect(colored).toContain('  \x1b[33m/data/colour: unknown field "colour" (drift)\x1b[0m')
  })
})

type Attrs = Record<string, string>
type XmlCase = Attrs & { failure?: Attrs & { '#text'?: string }; error?: Attrs; skipped?: Attrs }
type XmlSuite = Attrs & { testcase: XmlCase[] }

function parseJunit(xml: string): { suites: Attrs; suite: XmlSuite[] } {
  expect(XMLValidator.validate(xml)).toBe(true)
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true, // decode &#10; and friends, which attributes need to keep line breaks
    parseTagValue: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  })
  const doc = parser.parse(xml) as { testsuites: Attrs & { testsuite: XmlSuite[] } }
  const { testsuite, ...suites } = doc.testsuites
  return { suites, suite: testsuite }
}

describe('junit', () => {
  it('is well-formed XML whose counts match the report', () => {
    const { suites, suite } = parseJunit(formatReport(sampleReport(), 'junit', { catalogVersion: '2026.11' }))
    expect(suite.map((s) => s.name)).toEqual(['events/a.jsonl', 'stdin', 'missing.jsonl', 'evcat'])
    const cases = suite.flatMap((s) => s.testcase)
    // 4 shown problems + 1 missing file + "3 valid records" + "1 more problems".
    expect(suites).toMatchObject({ tests: '7', failures: '3', errors: '2', skipped: '1' })
    expect(Number(suites.tests)).toBe(cases.length)
    for (const tag of ['failure', 'error', 'skipped'] as const) {
      const attr = tag === 'failure' ? 'failures' : tag === 'error' ? 'errors' : 'skipped'
      expect(Number(suites[attr])).toBe(cases.filter((c) => c[tag] !== undefined).length)
      expect(suite.reduce((n, s) => n + Number(s[attr]), 0)).toBe(Number(suites[attr]))
    }
    expect(suite.reduce((n, s) => n + Number(s.tests), 0)).toBe(cases.length)
    expect(cases.map((c) => [c.classname, c.name])).toEqual([
      ['i3d', 'events/a.jsonl:2 server.created'],
      ['lxd', 'events/a.jsonl:4 logging'],
      ['batcher', 'events/a.jsonl:5 batch.flushed'],
      ['unreadable', 'stdin:2'],
      ['file', 'missing.jsonl'],
      ['evcat', '3 valid records'],
      ['evcat', '1 more problems'],
    ])
  })

  it('unescapes failure messages back to the original strings', () => {
    const { suite } = parseJunit(formatReport(sampleReport(), 'junit'))
    const [invalid, drift, , unreadable] = suite[0]!.testcase.concat(suite[1]!.testcase)
    expect(invalid!.failure).toMatchObject({ type: 'invalid', message: `/data/name: ${HOSTILE_XML} (and 1 more)` })
    expect(invalid!.failure!['#text']).toBe(`/data/name: ${HOSTILE_XML}\n/data/colour: unknown field "colour" (drift)`)
    expect(drift!.skipped).toMatchObject({ message: '/metadata/extra: unknown field "extra" (drift)' })
    expect(drift!.failure).toBeUndefined()
    expect(unreadable!.error).toMatchObject({ type: 'unreadable', message: 'not JSON: unexpected "}"' })
  })

  it('turns drift into a failure under --strict', () => {
    const { suites, suite } = parseJunit(formatReport(sampleReport(true), 'junit'))
    expect(suites).toMatchObject({ failures: '4', errors: '2', skipped: '0' })
    expect(suite[0]!.testcase[1]!.failure).toMatchObject({ type: 'drift' })
  })

  it('records the catalog version and strictness as properties', () => {
    const xml = formatReport(sampleReport(), 'junit', { catalogVersion: '2026.11' })
    expect(xml).toContain('<property name="catalogVersion" value="2026.11"/>')
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true)
  })
})

interface Command {
  readonly name: string
  readonly props: Record<string, string>
  readonly data: string
}

/** The inverse of the runner's escaping, written independently of the reporter. */
function unescape(s: string, property: boolean): string {
  const table: Record<string, string> = {
    '%25': '%',
    '%0D': '\r',
    '%0A': '\n',
    ...(property ? { '%3A': ':', '%2C': ',' } : {}),
  }
  return s.replace(/%(25|0D|0A|3A|2C)/g, (m) => table[m] ?? m)
}

function parseGithub(out: string): Command[] {
  expect(out.endsWith('\n')).toBe(true)
  return out
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const m = /^::(\w+)(?: ([^:]*))?::(.*)$/s.exec(line)
      if (m === null) throw new Error(`not a workflow command: ${line}`)
      const props: Record<string, string> = {}
      for (const pair of m[2] === undefined ? [] : m[2].split(',')) {
        const eq = pair.indexOf('=')
        props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), true)
      }
      return { name: m[1]!, props, data: unescape(m[3]!, false) }
    })
}

describe('github', () => {
  it('prints one command per problem whose fields round-trip exactly', () => {
    const commands = parseGithub(formatReport(sampleReport(), 'github', { catalogVersion: '2026.11' }))
    expect(commands).toEqual([
      {
        name: 'error',
        props: { file: 'events/a.jsonl', line: '2', title: 'evcat: invalid i3d/server.created' },
        data: `/data/name: ${HOSTILE}\n/data/colour: unknown field "colour" (drift)`,
      },
      {
        name: 'warning',
        props: { file: 'events/a.jsonl', line: '4', title: 'evcat: drift lxd/logging' },
        data: '/metadata/extra: unknown field "extra" (drift)',
      },
      {
        name: 'error',
        props: { file: 'events/a.jsonl', line: '5', title: 'evcat: invalid batcher/batch.flushed' },
        data: '/size: must be >= 1',
      },
      {
        name: 'error',
        props: { file: 'stdin', line: '2', title: 'evcat: unreadable' },
        data: 'not JSON: unexpected "}"',
      },
      {
        name: 'error',
        props: { file: 'missing.jsonl', title: 'evcat: cannot read input' },
        data: 'cannot open: ENOENT',
      },
      { name: 'warning', props: { title: 'evcat' }, data: '(1 more problem not shown; raise --max-problems)' },
      {
        name: 'notice',
        props: {},
        data: '8 records: 3 valid, 3 invalid, 1 drift, 1 unreadable; 1 file could not be read (missing.jsonl) (catalog 2026.11)',
      },
    ])
  })

  it('escapes property values so a hostile file name cannot add properties', () => {
    const report = sampleReport()
    const hostileFile = `x,line=99,title=y:z%\n.jsonl`
    const out = formatReport(
      { ...report, problems: [{ ...report.problems[2]!, file: hostileFile }], files: [] },
      'github',
    )
    expect(out).toContain('file=x%2Cline=99%2Ctitle=y%3Az%25%0A.jsonl,line=5,')
    expect(parseGithub(out)[0]!.props).toEqual({
      file: hostileFile,
      line: '5',
      title: 'evcat: invalid batcher/batch.flushed',
    })
  })

  it('makes drift an error under --strict', () => {
    const commands = parseGithub(formatReport(sampleReport(true), 'github'))
    expect(commands[1]).toMatchObject({ name: 'error', props: { line: '4' } })
    expect(commands.at(-1)!.data).toBe(
      '8 records: 3 valid, 3 invalid, 1 drift, 1 unreadable; 1 file could not be read (missing.jsonl) (strict)',
    )
  })
})

interface SarifResult {
  ruleId: string
  ruleIndex: number
  level: string
  message: { text: string }
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>
  properties: Record<string, string>
}

function sarifValidator(): (doc: unknown) => boolean {
  const schema = JSON.parse(
    readFileSync('test/validate/fixtures/report/sarif-2.1.0-subset.schema.json', 'utf8'),
  ) as object
  const ajv = new Ajv({ allErrors: true })
  addFormats(ajv)
  return ajv.compile(schema)
}

describe('sarif', () => {
  it('is a SARIF 2.1.0 log with one result per error, and one per unreadable record', () => {
    const doc = JSON.parse(formatReport(sampleReport(), 'sarif', { catalogVersion: '2026.11' })) as {
      $schema: string
      version: string
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string }> } }
        invocations: Array<{
          executionSuccessful: boolean
          toolExecutionNotifications: Array<{ message: { text: string } }>
        }>
        results: SarifResult[]
        properties: Record<string, unknown>
      }>
    }
    expect(doc.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(doc.version).toBe('2.1.0')
    expect(doc.runs).toHaveLength(1)
    const run = doc.runs[0]!
    expect(run.tool.driver.name).toBe('evcat')
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['invalid', 'drift', 'unreadable'])
    expect(
      run.results.map((r) => [
        r.ruleId,
        r.level,
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        r.locations[0]!.physicalLocation.region.startLine,
      ]),
    ).toEqual([
      ['invalid', 'error', 'events/a.jsonl', 2],
      ['drift', 'warning', 'events/a.jsonl', 2],
      ['drift', 'warning', 'events/a.jsonl', 4],
      ['invalid', 'error', 'events/a.jsonl', 5],
      ['unreadable', 'error', 'stdin', 2],
    ])
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId)
    expect(run.results[0]!.message.text).toBe(`/data/name: ${HOSTILE}`)
    expect(run.results[0]!.properties).toEqual({
      status: 'invalid',
      family: 'i3d',
      event: 'server.created',
      pointer: '/data/name',
    })
    expect(run.results[4]!.properties).toEqual({ status: 'unreadable', pointer: '' })
    expect(run.invocations[0]!.executionSuccessful).toBe(false)
    expect(run.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      'cannot open: ENOENT',
      '(1 more problem not shown; raise --max-problems)',
    ])
    expect(run.properties).toMatchObject({ catalogVersion: '2026.11', omittedProblems: 1, strict: false })
  })

  it('validates against the SARIF 2.1.0 schema, also with awkward file names', () => {
    const validate = sarifValidator()
    const report = sampleReport(true)
    const awkward = { ...report, problems: report.problems.map((p) => ({ ...p, file: 'dir with space/a#b%.jsonl' })) }
    for (const r of [report, awkward, { ...report, problems: [], files: [], omittedProblems: 0 }]) {
      const doc = JSON.parse(formatReport(r, 'sarif')) as unknown
      expect(validate(doc), JSON.stringify((validate as unknown as { errors: unknown }).errors)).toBe(true)
    }
    const uri = (JSON.parse(formatReport(awkward, 'sarif')) as { runs: [{ results: SarifResult[] }] }).runs[0]
      .results[0]!
    expect(uri.locations[0]!.physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/a%23b%25.jsonl')
  })

  it('has a schema that does reject what SARIF forbids', () => {
    const validate = sarifValidator()
    const good = JSON.parse(formatReport(sampleReport(), 'sarif')) as { runs: [{ results: SarifResult[] }] }
    const bad = structuredClone(good)
    bad.runs[0].results[0]!.level = 'fatal'
    expect(validate(bad)).toBe(false)
    const noLine = structuredClone(good)
    noLine.runs[0].results[0]!.locations[0]!.physicalLocation.region.startLine = 0
    expect(validate(noLine)).toBe(false)
    expect(validate({ ...good, extra: true })).toBe(false)
  })

  it('raises drift to error under --strict', () => {
    const doc = JSON.parse(formatReport(sampleReport(true), 'sarif')) as { runs: [{ results: SarifResult[] }] }
    expect(doc.runs[0].results.map((r) => r.level)).toEqual(['error', 'error', 'error', 'error', 'error'])
  })
})

describe('formatReport', () => {
  it('is deterministic and never prints absolute paths or timestamps', () => {
    for (const format of ['text', 'json', 'junit', 'github', 'sarif'] as const) {
      const out = formatReport(sampleReport(), format)
      expect(formatReport(sampleReport(), format)).toBe(out)
      expect(out).not.toContain(process.cwd())
      expect(out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/)
    }
  })

  it('rejects an unknown format', () => {
    expect(() => formatReport(sampleReport(), 'yaml' as ReportFormat)).toThrow(/unknown report format: yaml/)
  })
})
