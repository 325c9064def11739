import { Command } from 'commander'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validatorsGenerator } from '../../generators/validators/index.js'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { registerFixtures } from '../../src/cli/commands/fixtures.js'
import { parseTime } from '../../src/mock/time.js'
import { finalize } from '../../src/emit/write.js'
import { UsageError } from '../../src/errors.js'
import { buildModel } from '../../src/model/build.js'
import type { FamilyTable } from '../../src/runtime/dispatch.js'
import { validateInputs } from '../../src/validate/run.js'

const tmp = mkdtempSync(join(tmpdir(), 'evcat-fixtures-stream-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
let tables: FamilyTable[]

beforeAll(async () => {
  const model = buildModel(validateCatalog(await loadCatalog('catalog')))
  for (const f of finalize(model, await validatorsGenerator.generate(model, validatorsGenerator.defaults, []))) {
    mkdirSync(dirname(join(tmp, f.path)), { recursive: true })
    writeFileSync(join(tmp, f.path), f.text)
  }
  tables = ((await import(pathToFileURL(join(tmp, 'validators/index.js')).href)) as { tables: FamilyTable[] }).tables
})

/** Runs `evcat fixtures …` in process (the command alone, as main.ts will register it). */
async function fixtures(...args: string[]): Promise<string> {
  let out = ''
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t) }
  const program = new Command('evcat').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err })
  registerFixtures(program, { io, setExit: () => undefined })
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err })
  await program.parseAsync(['node', 'evcat', 'fixtures', ...args])
  return out
}

async function validate(text: string, name: string) {
  const file = join(tmp, name)
  writeFileSync(file, text)
  return validateInputs([file], tables)
}

describe('evcat fixtures', () => {
  it('streams 1000 valid LXD events, timestamps increasing', async () => {
    const out = await fixtures('--family', 'lxd', '--count', '1000')
    const lines = out.trimEnd().split('\n')
    expect(lines.length).toBe(1000)
    const report = await validate(out, 'lxd.jsonl')
    expect(report.summary).toMatchObject({ total: 1000, valid: 1000, invalid: 0, drift: 0, unreadable: 0 })
    const stamps = lines.map((l) => parseTime((JSON.parse(l) as { timestamp: string }).timestamp)!)
    const nanos = stamps.map((s) => s.epochNs)
    for (let i = 1; i < nanos.length; i++) expect(nanos[i]! > nanos[i - 1]!).toBe(true)
    // One server, one zone: every LXD time of the stream is printed in the same zone.
    expect(new Set(stamps.map((s) => s.zone)).size).toBe(1)
    // Logging and operation dominate an LXD stream; lifecycle is rarer.
    const types = new Map<string, number>()
    for (const l of lines) {
      const t = (JSON.parse(l) as { type: string }).type
      types.set(t, (types.get(t) ?? 0) + 1)
    }
    expect(types.get('logging')! + types.get('operation')!).toBeGreaterThan(700)
    expect(types.get('lifecycle')!).toBeGreaterThan(50)
    expect(types.get('lifecycle')!).toBeLessThan(300)
  })

  it('gives the same bytes for the same seed and different bytes for another', async () => {
    const a = await fixtures('--family', 'lxd', '--count', '200', '--seed', '5')
    const b = await fixtures('--family', 'lxd', '--count', '200', '--seed', '5')
    const c = await fixtures('--family', 'lxd', '--count', '200', '--seed', '6')
    expect(a).toBe(b)
    expect(c).not.toBe(a)
    // A longer run starts with the shorter one.
    expect((await fixtures('--family', 'lxd', '--count', '300', '--seed', '5')).startsWith(a)).toBe(true)
  })

  it('mixes all four families by default, LXD-heavy, every line valid', async () => {
    const out = await fixtures('--count', '2000')
    const report = await validate(out, 'all.jsonl')
    expect(report.summary).toMatchObject({ total: 2000, valid: 2000 })
    const perFamily = Object.fromEntries(
      Object.entries(report.events).map(([f, byEvent]) => [f, Object.values(byEvent).reduce((a, b) => a + b, 0)]),
    )
    expect(Object.keys(perFamily).sort()).toEqual(['batcher', 'events-hub', 'i3d', 'lxd'])
    expect(perFamily['lxd']).toBeGreaterThan(perFamily['events-hub']!)
    expect(perFamily['events-hub']).toBeGreaterThan(perFamily['i3d']!)
    expect(report.events['events-hub']!['stats/System Stats']).toBeGreaterThan(
      report.events['events-hub']!['auth/USER_ADDED'] ?? 0,
    )
  })

  it('streams each family on its own', async () => {
    for (const family of ['i3d', 'events-hub', 'batcher']) {
      const report = await validate(
        await fixtures('--family', family, '--count', '300', '--seed', family),
        `${family}.jsonl`,
      )
      expect(report.summary, family).toMatchObject({ total: 300, valid: 300 })
      expect(Object.keys(report.events)).toEqual([family])
    }
  })

  it('prints nothing for --count 0 and rejects bad arguments', async () => {
    expect(await fixtures('--count', '0')).toBe('')
    await expect(fixtures('--count', 'many')).rejects.toThrow(UsageError)
    await expect(fixtures('--family', 'nope')).rejects.toThrow(/no family "nope"/)
  })

  it('has help with an example', async () => {
    await expect(fixtures('--help')).rejects.toThrow()
    let help = ''
    const program = new Command('evcat').exitOverride().configureOutput({ writeOut: (t) => void (help += t) })
    registerFixtures(program, { io: { out: () => undefined, err: () => undefined }, setExit: () => undefined })
    help = program.commands[0]!.helpInformation()
    expect(help).toContain('--count <n>')
    expect(help).toContain('--seed <seed>')
  })
})
