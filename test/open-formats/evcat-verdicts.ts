import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What `evcat validate` said of one record. */
export type EvcatStatus = 'valid' | 'invalid' | 'drift' | 'unreadable'

/** One message of `out/fixtures/` (or a drift variant made from one), with evcat's verdict on it. */
export interface FixtureCase {
  /** `lxd/invalid.jsonl:12`, `lxd/drift.jsonl:3`. */
  readonly id: string
  readonly family: string
  readonly event: string
  /** The fixture id (`minimal`, `wrong-type`…), or `drift` for a valid fixture given one unknown root field. */
  readonly fixture: string
  readonly kind: 'valid' | 'invalid' | 'drift'
  /** The message as JSON text, exactly as in the file (19-digit integers intact). */
  readonly text: string
  readonly evcat: EvcatStatus
}

/** The field a drift case adds at the message root; no catalog event knows it. */
export const UNKNOWN_FIELD = 'evcat_test_unknown_field'

/**
 * Every valid and invalid fixture of `out/fixtures/`, plus one drift case per event (its first valid fixture with
 * an unknown root field, written to `tmp`), each judged by the real `evcat validate` (JSON report) of this checkout.
 */
export function fixtureCases(root: string, tmp: string): FixtureCase[] {
  const out: FixtureCase[] = []
  const fixturesDir = join(root, 'out', 'fixtures')
  for (const family of readdirSync(fixturesDir, { withFileTypes: true })) {
    if (!family.isDirectory()) continue
    const dir = join(fixturesDir, family.name)
    const valid = readCases(dir, family.name, 'valid')
    const invalid = readCases(dir, family.name, 'invalid')
    const firstOfEvent = new Map<string, Case>()
    for (const c of valid) if (!firstOfEvent.has(c.event)) firstOfEvent.set(c.event, c)
    const drift = [...firstOfEvent.values()].map((c, i) => ({
      event: c.event,
      fixture: 'drift',
      line: i + 1,
      text: `{${JSON.stringify(UNKNOWN_FIELD)}:true,${c.text.slice(1)}`,
    }))
    const driftFile = join(tmp, `${family.name}-drift.jsonl`)
    writeFileSync(driftFile, drift.map((c) => c.text).join('\n') + '\n')
    for (const [kind, cases, file] of [
      ['valid', valid, join(dir, 'valid.jsonl')],
      ['invalid', invalid, join(dir, 'invalid.jsonl')],
      ['drift', drift, driftFile],
    ] as const) {
      const statuses = evcatStatuses(root, file)
      for (const c of cases)
        out.push({
          id: `${family.name}/${kind}.jsonl:${c.line}`,
          family: family.name,
          event: c.event,
          fixture: c.fixture,
          kind,
          text: c.text,
          evcat: statuses.get(c.line) ?? 'valid',
        })
    }
  }
  return out
}

interface Case {
  readonly event: string
  readonly fixture: string
  readonly line: number
  readonly text: string
}

function readCases(dir: string, family: string, kind: 'valid' | 'invalid'): Case[] {
  const lines = readFileSync(join(dir, `${kind}.jsonl`), 'utf8').split('\n')
  const index = JSON.parse(readFileSync(join(dir, `${kind}.index.json`), 'utf8')) as {
    line: number
    event: string
    id: string
  }[]
  return index.map((entry) => {
    const text = lines[entry.line - 1]
    if (text === undefined) throw new Error(`${family}/${kind}.index.json names line ${entry.line}, past the end`)
    return { event: entry.event, fixture: entry.id, line: entry.line, text }
  })
}

/** Line → status of every record `evcat validate` lists as a problem (the others are valid). */
function evcatStatuses(root: string, file: string): Map<number, EvcatStatus> {
  const run = spawnSync(
    process.execPath,
    [join(root, 'bin', 'evcat.js'), 'validate', file, '--format', 'json', '--max-problems', '1000000'],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  if (run.status !== 0 && run.status !== 1) throw new Error(`evcat validate ${file} failed: ${run.stderr}`)
  const report = JSON.parse(run.stdout) as {
    problems: { line: number; status: EvcatStatus }[]
    omittedProblems: number
  }
  if (report.omittedProblems > 0) throw new Error(`evcat validate ${file} left ${report.omittedProblems} out`)
  return new Map(report.problems.map((p) => [p.line, p.status]))
}
