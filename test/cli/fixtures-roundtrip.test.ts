import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The built CLI as users run it: real processes, a real shell pipe, the committed out/ folder.
interface JsonReport {
  summary: { total: number; valid: number; invalid: number; drift: number; unreadable: number }
  problems: { file: string; line: number; event: string | null; status: string; errors: { pointer: string }[] }[]
  omittedProblems: number
}

const FAMILIES = ['batcher', 'events-hub', 'i3d', 'lxd'] as const

function sh(script: string): string {
  return execFileSync('sh', ['-c', script], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function validateJson(args: string): JsonReport {
  // Exit code 1 (something invalid) is an answer here, not a failure: read the report either way.
  return JSON.parse(
    sh(`node bin/evcat.js validate ${args} --format json --max-problems 100000 || test $? -eq 1`),
  ) as JsonReport
}

describe('evcat fixtures | evcat validate -', () => {
  it('reports 1000 valid for 1000 LXD events piped through npx', () => {
    const out = sh(
      'npx --no-install evcat fixtures --family lxd --count 1000 | npx --no-install evcat validate - --format json',
    )
    const report = JSON.parse(out) as JsonReport
    expect(report.summary).toEqual({ total: 1000, valid: 1000, invalid: 0, drift: 0, unreadable: 0 })
  })

  it('reports every line of a mixed four-family feed valid', () => {
    const report = JSON.parse(
      sh('node bin/evcat.js fixtures --count 3000 --seed 42 | node bin/evcat.js validate - --format json'),
    ) as JsonReport
    expect(report.summary).toEqual({ total: 3000, valid: 3000, invalid: 0, drift: 0, unreadable: 0 })
  })
})

describe('the committed fixtures, through evcat validate', () => {
  it.each(FAMILIES)('%s: every valid.jsonl line is valid', (family) => {
    const lines = readFileSync(`out/fixtures/${family}/valid.jsonl`, 'utf8').trimEnd().split('\n').length
    const report = validateJson(`out/fixtures/${family}/valid.jsonl --strict`)
    expect(report.summary).toEqual({ total: lines, valid: lines, invalid: 0, drift: 0, unreadable: 0 })
  })

  it.each(FAMILIES)('%s: every invalid.jsonl line is invalid, at the pointer its index claims', (family) => {
    const index = JSON.parse(readFileSync(`out/fixtures/${family}/invalid.index.json`, 'utf8')) as {
      line: number
      event: string
      pointer: string
    }[]
    const report = validateJson(`out/fixtures/${family}/invalid.jsonl`)
    expect(report.summary.total).toBe(index.length)
    expect(report.summary.invalid).toBe(index.length)
    expect(report.omittedProblems).toBe(0)
    const byLine = new Map(report.problems.map((p) => [p.line, p]))
    const misses = index.filter((entry) => !byLine.get(entry.line)?.errors.some((e) => e.pointer === entry.pointer))
    expect(misses).toEqual([])
  })
})
