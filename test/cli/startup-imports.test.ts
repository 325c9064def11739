import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnProcess } from './spawn.js'

// What a command loads is most of evcat's start-up: `evcat validate` must not pay for the other commands' code
// and libraries. The sources run as they are (register-ts), and every ES module they load is written down.
const scratch = mkdtempSync(join(tmpdir(), 'evcat-imports-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let runs = 0
async function loadedBy(args: readonly string[]): Promise<{ code: number | null; modules: string[] }> {
  const file = join(scratch, `imports-${runs++}.txt`)
  const r = await spawnProcess(
    process.execPath,
    [
      '--import',
      resolve('test/support/register-ts.mjs'),
      '--import',
      resolve('test/support/record-imports.mjs'),
      resolve('src/cli/bin.ts'),
      ...args,
    ],
    { env: { ...process.env, EVCAT_RECORD_IMPORTS: file } },
  )
  return {
    code: r.code,
    modules: readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
  }
}

// What only other commands need: the transports' and generators' libraries, and their code.
const OTHERS = [
  /\/node_modules\/(ws|amqplib|yaml|ajv|prettier|ts-morph|typescript|handlebars)\//,
  /\/src\/(tap|mock|transport|registry|catalog|model)\//,
  /\/generators\//,
  /\/src\/cli\/commands\/(?!validate\.ts)/,
]

describe('start-up imports', () => {
  it('evcat validate loads the validators and its own code, nothing of the other commands', async () => {
    const { code, modules } = await loadedBy(['validate', 'test/fixtures/demo.jsonl', '--format', 'json'])
    expect(code).toBe(1) // demo.jsonl has an invalid and an unreadable record
    expect(modules.some((m) => m.endsWith('/out/validators/lxd.gen.js'))).toBe(true)
    expect(modules.some((m) => m.endsWith('/src/cli/commands/validate.ts'))).toBe(true)
    expect(modules.filter((m) => OTHERS.some((o) => o.test(m)))).toEqual([])
  })

  it('evcat --version loads no command, and prints the version', async () => {
    for (const flag of ['--version', '-V']) {
      const { code, modules } = await loadedBy([flag])
      expect(code).toBe(0)
      expect(modules.filter((m) => /\/src\/cli\/commands\//.test(m) || OTHERS.some((o) => o.test(m)))).toEqual([])
    }
  })

  it('the top-level help still loads every command, to list them', async () => {
    const { code, modules } = await loadedBy(['--help'])
    expect(code).toBe(0)
    for (const command of ['lint', 'generate', 'validate', 'mock', 'tap', 'infer'])
      expect(modules.some((m) => m.endsWith(`/src/cli/commands/${command}.ts`))).toBe(true)
  })
})
