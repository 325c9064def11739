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
  /**
   * What a generic validator should say: evcat's verdict without the checks only evcat makes (`x-count-equals`,
   * an `x-bigint` value that is not exact), which the exported schemas document but cannot express.
   */
  readonly generic: EvcatStatus
}

/** evcat's messages for the checks only evcat makes (src/runtime/messages.ts). */
const EVCAT_ONLY = [/\(the number of items in [^)]*\), got /, /^expected an exact integer, got /]

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
      for (const c of cases) {
        const judged = statuses.get(c.line)
        out.push({
          id: `${family.name}/${kind}.jsonl:${c.line}`,
          family: family.name,
          event: c.event,
          fixture: c.fixture,
          kind,
          text: c.text,
          evcat: judged?.status ?? 'valid',
          generic:
            judged === undefined || judged.status === 'unreadable'
              ? (judged?.status ?? 'valid')
              : genericStatus(judged.errors),
        })
      }
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

/** One problem record of `evcat validate --format json`. */
interface Problem {
  readonly status: EvcatStatus
  readonly errors: readonly { readonly message: string; readonly kind: 'contract' | 'drift' }[]
}

/** The verdict without evcat-only checks: no error left is valid, only drift errors left is drift. */
export function genericStatus(errors: Problem['errors']): EvcatStatus {
  const left = errors.filter((e) => !EVCAT_ONLY.some((re) => re.test(e.message)))
  if (left.length === 0) return 'valid'
  return left.every((e) => e.kind === 'drift') ? 'drift' : 'invalid'
}

/** Line → evcat's problem record, for every record `evcat validate` lists (the others are valid). */
function evcatStatuses(root: string, file: string): Map<number, Problem> {
  const run = spawnSync(
    process.execPath,
    [join(root, 'bin', 'evcat.js'), 'validate', file, '--format', 'json', '--max-problems', '1000000'],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  )
  if (run.status !== 0 && run.status !== 1) throw new Error(`evcat validate ${file} failed: ${run.stderr}`)
  const report = JSON.parse(run.stdout) as { problems: (Problem & { line: number })[]; omittedProblems: number }
  if (report.omittedProblems > 0) throw new Error(`evcat validate ${file} left ${report.omittedProblems} out`)
  return new Map(report.problems.map((p) => [p.line, p]))
}
