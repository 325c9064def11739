import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'

/** The verdaccio entry point installed by npm ci (a devDependency). */
export const VERDACCIO = resolve('node_modules/verdaccio/bin/verdaccio')

/** A real npm registry on 127.0.0.1, with its own storage and users in a folder, and a user's .npmrc. */
export interface Registry {
  readonly url: string
  /** An .npmrc with the registry and a publishing token; pass it with --userconfig. */
  readonly npmrc: string
  stop(): Promise<void>
}

/** A port the OS says is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => done(port))
    })
  })
}

/** Starts verdaccio offline (no uplinks) in `dir`, waits for /-/ping, and creates a user that may publish. */
export async function startRegistry(dir: string): Promise<Registry> {
  mkdirSync(join(dir, 'storage'), { recursive: true })
  const config = join(dir, 'config.yaml')
  writeFileSync(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      'uplinks: {}',
      'packages:',
      "  '@*/*': { access: $all, publish: $authenticated }",
      "  '**': { access: $all, publish: $authenticated }",
      'log: { type: stdout, format: json, level: warn }',
      '',
    ].join('\n'),
  )
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [VERDACCIO, '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()))
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()))
  const stop = () => stopChild(child)
  try {
    await waitFor(
      async () => (await fetch(`${url}/-/ping`)).ok,
      60_000,
      () => `verdaccio did not answer on ${url}:\n${output}`,
    )
    const res = await fetch(`${url}/-/user/org.couchdb.user:evcat`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'evcat', password: 'evcat-test-password' }),
    })
    const { token } = (await res.json()) as { token: string }
    const npmrc = join(dir, '.npmrc')
    writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`)
    return { url, npmrc, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function waitFor(ready: () => Promise<boolean>, ms: number, why: () => string): Promise<void> {
  const until = Date.now() + ms
  for (;;) {
    if (await ready().catch(() => false)) return
    if (Date.now() > until) throw new Error(why())
    await new Promise((r) => setTimeout(r, 100))
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    child.once('exit', () => done())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 5000).unref()
  })
}

/** Whether verdaccio is installed (npm ci installs it; a bare checkout has none). */
export function hasVerdaccio(): boolean {
  return existsSync(VERDACCIO)
}
