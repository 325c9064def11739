import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { run } from './run.js'

const COMMANDS = ['lint', 'list', 'show', 'generate', 'validate', 'fixtures']
const README = readFileSync('README.md', 'utf8')

/** The long options a help text lists (its Options section), without --help. */
function optionsOf(help: string): string[] {
  const section = help.slice(help.indexOf('Options:'))
  return [...new Set([...section.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!))].filter(
    (o) => o !== '--help' && o !== '--version',
  )
}

/** The example command lines of a help text (`  $ evcat …`). */
const examplesOf = (help: string): string[] => [...help.matchAll(/^ {2}\$ (.*)$/gm)].map((m) => m[1]!)

describe('--help', () => {
  it.each(COMMANDS)('evcat %s --help has an example for each option', async (command) => {
    const help = (await run(command, '--help')).out
    const options = optionsOf(help)
    expect(options.length).toBeGreaterThan(0)
    const examples = examplesOf(help).join('\n')
    for (const option of options) expect(examples, `${command} ${option}`).toMatch(new RegExp(`${option}(?![a-z-])`))
  })

  it('the top-level help lists every command with an example, and the exit codes', async () => {
    const r = await run('--help')
    expect(r.code).toBe(0)
    const examples = examplesOf(r.out)
    for (const command of COMMANDS) expect(examples.filter((e) => e.startsWith(`evcat ${command}`))).toHaveLength(1)
    expect(r.out).toMatch(/\nExit codes: 0 all good; 1 problems you can fix .*; 2 usage error, output error/s)
  })
})

describe('the README', () => {
  /** The options the README's Commands table shows for a command. */
  function readmeOptions(command: string): string[] {
    const row = README.split('\n').find((l) => l.startsWith(`| \`evcat ${command}`))!
    return [...new Set([...row.matchAll(/--[a-z-]+/g)].map((m) => m[0]))].filter((o) => o !== '--help')
  }

  it.each(COMMANDS)('every option it shows for evcat %s exists', async (command) => {
    const help = (await run(command, '--help')).out
    for (const option of readmeOptions(command)) expect(help, option).toContain(`  ${option}`)
  })

  it('every --input, --format and --jobs value it shows is accepted', async () => {
    const row = README.split('\n').find((l) => l.startsWith('| `evcat validate'))!
    const inputs = [...row.matchAll(/`(jsonl|json|json-seq|json-concat|yaml)` \(/g)].map((m) => m[1]!)
    expect(inputs).toEqual(['jsonl', 'json', 'json-seq', 'json-concat', 'yaml'])
    const formats = /`--format ([a-z\\|]+)`/.exec(row)![1]!.split('\\|')
    expect(formats).toEqual(['text', 'json', 'jsonl', 'junit', 'github', 'sarif'])
    const runs = [
      ...inputs.map((i) => ['--input', i]),
      ...formats.map((f) => ['--format', f]),
      ['--jobs', 'auto'],
      ['--jobs', '2'],
    ]
    for (const args of runs) {
      const r = await run('validate', 'test/fixtures/demo.jsonl', ...args)
      expect(r.code, args.join(' ')).not.toBe(2)
    }
  })

  it('runs evcat as npx evcat in its commands, and says how to put evcat on the PATH', () => {
    const blocks = [...README.matchAll(/```(?:sh|console)\n([\s\S]*?)```/g)].map((m) => m[1]!)
    const calls = blocks.join('\n').match(/(?:^|[\s$&|;])(?:npx )?evcat (?=[a-z])/gm) ?? []
    expect(calls.length).toBeGreaterThan(2)
    for (const call of calls) expect(call.trim()).toMatch(/npx evcat$/)
    expect(README).toContain('`npm link` puts `evcat` itself on your\nPATH')
  })

  it('documents the 64 MiB record limit, here and in evcat validate --help', async () => {
    expect(README).toContain('a record may be up to 64 MiB, a longer one is counted as unreadable at its line')
    expect((await run('validate', '--help')).out).toContain('A record (line, element or document) may be up to 64 MiB')
  })
})
