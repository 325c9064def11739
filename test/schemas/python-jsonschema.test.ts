import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { eventStem } from '../../generators/schemas/documents.js'
import { fixtureCases, type EvcatStatus, type FixtureCase } from '../open-formats/evcat-verdicts.js'
import { requireOrSkip } from '../open-formats/require.js'

// Debian's python3-jsonschema (4.10 on Debian 12), from /usr/bin/python3: the pyenv python3 on the PATH has no
// Debian modules. CI installs it with apt-get and sets EVCAT_REQUIRE_SERVERS=1, so there a missing one fails.
const PYTHON = '/usr/bin/python3'
const root = process.cwd()
const available = spawnSync(PYTHON, ['-c', 'import jsonschema'], { encoding: 'utf8' }).status === 0
const it_ = requireOrSkip(available, 'Debian python3-jsonschema (apt-get install -y python3-jsonschema)')

const tmp = mkdtempSync(join(tmpdir(), 'evcat-schemas-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

interface PyError {
  readonly keyword: string
  readonly path: string
  readonly message: string
}

/** Runs the Python judge over every (case, schema) pair in one process; returns case id → its errors. */
function judgeWithPython(jobs: readonly { case: string; schema: string; text: string }[]): Map<string, PyError[]> {
  const run = spawnSync(PYTHON, [join(root, 'test/schemas/jsonschema_verdicts.py'), join(root, 'out/schemas')], {
    input: jobs.map((j) => JSON.stringify(j)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  })
  if (run.status !== 0) throw new Error(`jsonschema_verdicts.py failed: ${run.stderr}`)
  const out = new Map<string, PyError[]>()
  for (const line of run.stdout.split('\n'))
    if (line.trim() !== '') {
      const r = JSON.parse(line) as { case: string; errors: PyError[] }
      out.set(r.case, r.errors)
    }
  return out
}

/**
 * A generic validator cannot say "drift"; the exported schemas close objects, so drift is a message whose every
 * error is `additionalProperties`. This maps Python's errors onto evcat's three verdicts, like with like.
 */
function verdictOf(errors: readonly PyError[]): EvcatStatus {
  if (errors.length === 0) return 'valid'
  return errors.every((e) => e.keyword === 'additionalProperties') ? 'drift' : 'invalid'
}

describe('out/schemas/ judged by Python jsonschema agrees with evcat validate', () => {
  it_('on every valid, invalid and drift fixture, per event and through the family schema', () => {
    const cases = fixtureCases(root, tmp)
    const jobs = cases.flatMap((c) => [
      { case: `${c.id} event`, schema: `${c.family}/${eventStem(c.event)}.json`, text: c.text },
      { case: `${c.id} family`, schema: `${c.family}.json`, text: c.text },
    ])
    const judged = judgeWithPython(jobs)
    const disagreements: string[] = []
    for (const c of cases)
      for (const via of ['event', 'family'] as const) {
        const errors = judged.get(`${c.id} ${via}`)
        if (errors === undefined) throw new Error(`no verdict for ${c.id} ${via}`)
        if (verdictOf(errors) !== c.generic) disagreements.push(describeCase(c, via, errors))
      }
    expect(cases.filter((c) => c.kind === 'invalid').length).toBeGreaterThan(1000)
    expect(new Set(cases.map((c) => c.evcat))).toEqual(new Set(['valid', 'invalid', 'drift']))
    expect(disagreements).toEqual(BIGINT_CASES)
    // Cases where only a check evcat alone makes (x-count-equals, an inexact x-bigint) decides: a generic validator
    // is expected to pass them. Today one: the batch whose `val` is not the count of its metadata.
    expect(cases.filter((c) => c.generic !== c.evcat).map((c) => c.id)).toEqual(['batcher/invalid.jsonl:13'])
  })
})

/**
 * The documented big-integer cases: none. Python's json module parses 19-digit integers exactly, so where a
 * double-based validator would see a rounded value, this one sees the real one; evcat also reads them exactly.
 */
const BIGINT_CASES: readonly string[] = []

function describeCase(c: FixtureCase, via: string, errors: readonly PyError[]): string {
  const first = errors
    .slice(0, 2)
    .map((e) => `${e.keyword} at ${e.path}: ${e.message}`)
    .join('; ')
  return `${c.id} (${c.event} ${c.fixture}) via ${via}: evcat ${c.evcat} (generic ${c.generic}), jsonschema ${verdictOf(errors)} ${first}`
}
