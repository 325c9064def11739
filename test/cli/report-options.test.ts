import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'

const INVALID = 'out/fixtures/lxd/invalid.jsonl'
const VERSION = (JSON.parse(readFileSync('out/.evcat-manifest.json', 'utf8')) as { catalog: { version: string } })
  .catalog.version

async function validate(color: boolean | undefined, ...args: string[]): Promise<string> {
  let out = ''
  const io = { out: (t: string) => void (out += t), err: () => undefined, ...(color === undefined ? {} : { color }) }
  await main(['node', 'evcat', 'validate', INVALID, ...args], io)
  return out
}

describe('validate wires the reporters’ options', () => {
  it('colors the text report when the output takes color, and only then', async () => {
    expect(await validate(true)).toContain('\x1b[31minvalid\x1b[0m')
    expect(await validate(false)).not.toContain('\x1b[')
    expect(await validate(undefined)).not.toContain('\x1b[')
    // Machine formats never carry color.
    expect(await validate(true, '--format', 'json')).not.toContain('\x1b[')
  })

  it('names the catalog version that out/ was generated from', async () => {
    expect(await validate(false)).toContain(`events seen (catalog ${VERSION}):`)
    expect(await validate(false, '--format', 'junit')).toContain(`<property name="catalogVersion" value="${VERSION}"/>`)
  })

  // `script` (util-linux) gives the CLI a real terminal.
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p))
  it.skipIf(script === undefined)('colors on a terminal unless NO_COLOR is set, never into a pipe', () => {
    const cli = `node bin/evcat.js validate ${INVALID}`
    const env = { ...process.env, NO_COLOR: '' }
    const tty = spawnSync(script!, ['-qec', cli, '/dev/null'], { encoding: 'utf8', env })
    expect(tty.stdout).toContain('\x1b[31minvalid\x1b[0m')
    const noColor = spawnSync(script!, ['-qec', cli, '/dev/null'], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' } })
    expect(noColor.stdout).toContain('invalid lxd/')
    expect(noColor.stdout).not.toContain('\x1b[31m')
    const piped = spawnSync('node', ['bin/evcat.js', 'validate', INVALID], { encoding: 'utf8', env })
    expect(piped.stdout).toContain('invalid lxd/')
    expect(piped.stdout).not.toContain('\x1b[')
  })
})
