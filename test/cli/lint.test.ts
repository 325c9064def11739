import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from './run.js'

const tmp = mkdtempSync(join(tmpdir(), 'evcat-lint-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('evcat lint', () => {
  it('exits 0 on a clean catalog', async () => {
    const r = await run('lint', '--catalog', 'test/fixtures/mini')
    expect(r).toEqual({ code: 0, out: 'catalog ok: 1 families, 3 events\n', err: '' })
  })

  it('exits 1 with file:line:col diagnostics and hints on a broken copy', async () => {
    const dir = join(tmp, 'broken')
    cpSync('test/fixtures/mini', dir, { recursive: true })
    const ping = join(dir, 'shop/ping.yaml')
    writeFileSync(
      ping,
      readFileSync(ping, 'utf8').replace('summary: A keep-alive.', 'summary: A keep-alive.\n    sumary: x'),
    )
    const r = await run('lint', '--catalog', dir)
    expect(r.code).toBe(1)
    expect(r.out).toContain(
      `${dir}/shop/ping.yaml:5:5: error: unknown key "sumary" at /events/0 [unknown-key]\n    hint: the keys allowed here are: name,`,
    )
    expect(r.out.endsWith('1 error(s)\n')).toBe(true)
  })

  it('--json prints the diagnostics as data', async () => {
    const dir = join(tmp, 'json')
    cpSync('test/fixtures/mini', dir, { recursive: true })
    writeFileSync(
      join(dir, 'shop/ping.yaml'),
      'group: ping\nevents:\n  - { name: ping, summary: x, sources: [nowhere] }\n',
    )
    const r = await run('lint', '--catalog', dir, '--json')
    expect(r.code).toBe(1)
    const diagnostics = JSON.parse(r.out) as { code: string; location: { line: number; column: number } }[]
    expect(diagnostics.map((d) => [d.code, d.location.line, d.location.column])).toEqual([['unknown-source', 3, 41]])
  })

  it('exits 2 with a clear message when the catalog folder does not exist', async () => {
    const r = await run('lint', '--catalog', join(tmp, 'nope'))
    expect(r.code).toBe(2)
    expect(r.err).toContain('does not exist; pass --catalog DIR')
  })

  it('exits 2 on an unknown option', async () => {
    const r = await run('lint', '--catalgo', 'x')
    expect(r.code).toBe(2)
    expect(r.err).toContain("unknown option '--catalgo'")
  })
})

describe('evcat lint on the real catalog', () => {
  it('exits 0 on catalog/, and 1 with file:line:col diagnostics on a broken copy of it', async () => {
    const ok = await run('lint')
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(/^catalog ok: 4 families, \d+ events\n$/)
    const dir = join(tmp, 'real')
    cpSync('catalog', dir, { recursive: true })
    const file = join(dir, 'lxd/lifecycle-instance.yaml')
    const text = readFileSync(file, 'utf8')
    // Two events with one name, and a reference to a source that does not exist.
    writeFileSync(
      file,
      text
        .replace('- name: instance-started', '- name: instance-stopped')
        .replace('sources: [lxd-main', 'sources: [nowhere'),
    )
    const bad = await run('lint', '--catalog', dir)
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(
      new RegExp(
        `^${dir}/lxd/lifecycle-instance\\.yaml:\\d+:\\d+: error: event "instance-stopped" is defined twice in family lxd .* \\[duplicate-event\\]$`,
        'm',
      ),
    )
    expect(bad.out).toMatch(
      new RegExp(
        `^${dir}/lxd/lifecycle-instance\\.yaml:\\d+:\\d+: error: source "nowhere" is not declared in lxd/family\\.yaml \\[unknown-source\\]$`,
        'm',
      ),
    )
  })
})
