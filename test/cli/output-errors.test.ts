import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from './run.js'
import { BIN, spawnEvcat } from './spawn.js'

const tmp = mkdtempSync(join(tmpdir(), 'evcat-outerr-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** Runs the CLI with its standard output on a file descriptor opened by `open`. */
async function withStdout(args: string[], path: string, flags: string) {
  const fd = openSync(path, flags)
  try {
    return await spawnEvcat(args, { stdio: ['ignore', fd, 'pipe'] })
  } finally {
    closeSync(fd)
  }
}

// The small test catalog: the point is the output, not the catalog.
const MINI = ['--catalog', 'test/fixtures/mini']
const COMMANDS: string[][] = [
  ['validate', 'test/fixtures/demo.jsonl'],
  ['list', ...MINI],
  ['lint', ...MINI],
  ['show', 'shop/placed', ...MINI],
  ['fixtures', '--count', '10', ...MINI],
  ['--help'],
  ['validate', '--help'],
]

describe('an output error exits 2 with one line, in every command', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c]))('ENOSPC (> /dev/full): evcat %s', async (_name, args) => {
    const r = await withStdout(args as string[], '/dev/full', 'w')
    expect(r.err).toBe('evcat: cannot write to standard output: no space left on the device (ENOSPC)\n')
    expect(r.code).toBe(2)
  })

  it('EBADF (standard output open for reading only)', async () => {
    const r = await withStdout(['list', ...MINI], '/dev/null', 'r')
    expect(r.err).toBe('evcat: cannot write to standard output: it is not open for writing (EBADF)\n')
    expect(r.code).toBe(2)
  })

  it('EPIPE (the reader closed the pipe early, as `| head` does)', async () => {
    const child = spawn(process.execPath, [BIN, 'fixtures', '--count', '200000', ...MINI], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((done) => child.on('close', done))
    expect(err).toBe('evcat: cannot write to standard output: the reader closed the pipe (EPIPE)\n')
    expect(code).toBe(2)
  })
})

describe('an internal error is one line that says how to report it; EVCAT_DEBUG=1 adds the trace', () => {
  // Validators that throw when imported: evcat's own code failing, not the user's input.
  const out = join(tmp, 'broken-out')
  mkdirSync(join(out, 'validators'), { recursive: true })
  writeFileSync(join(out, '.evcat-manifest.json'), JSON.stringify({ generator: 'evcat', files: [] }))
  writeFileSync(join(out, 'validators', 'index.js'), "throw new Error('the validators are broken')\n")

  it('in process', async () => {
    const r = await run('validate', '--out', out, 'test/fixtures/demo.jsonl')
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'evcat: internal error: the validators are broken (this is a bug in evcat; please report it with the command ' +
        'you ran and the output of the same command run with EVCAT_DEBUG=1)\n',
    )
  })

  it('in a real process, with and without EVCAT_DEBUG=1', async () => {
    const args = ['validate', '--out', out, 'test/fixtures/demo.jsonl']
    const plain = await spawnEvcat(args, { env: { ...process.env, EVCAT_DEBUG: '' } })
    expect(plain.code).toBe(2)
    expect(plain.err.split('\n')).toHaveLength(2)
    expect(plain.err).not.toMatch(/\n\s+at /)
    const debug = await spawnEvcat(args, { env: { ...process.env, EVCAT_DEBUG: '1' } })
    expect(debug.code).toBe(2)
    expect(debug.err.startsWith(plain.err)).toBe(true)
    expect(debug.err).toMatch(/Error: the validators are broken\n\s+at /)
  })
})

describe('a file operation that fails is one line naming the file, not an internal error', () => {
  it('generate into a path under a device file', async () => {
    const r = await run('generate', '--catalog', 'test/fixtures/mini', '--out', '/dev/full/x')
    expect(r.err).toBe('evcat: cannot use /dev/full/x: a parent of it is not a directory [ENOTDIR (lstat)]\n')
    expect(r.code).toBe(2)
  })
})
