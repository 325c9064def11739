import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTarball } from '../../src/registry/source/tarball.js'
import { installedSnapshot } from '../../src/registry/source/npm.js'
import { run } from '../cli/run.js'
import { tempRepo, type TempRepo } from './git-repo.js'
import { freePort, hasVerdaccio, startRegistry, type Registry } from './verdaccio.js'

// A real release flow against a real npm registry (verdaccio, a devDependency, started here on 127.0.0.1 with
// its own storage): publish @evcat/events 0.1.0 (this repository's out/package), add an event and release,
// remove a field and release, then install each version into a fresh project and compile a consumer against it.
const required = process.env['CI'] === 'true' || process.env['EVCAT_REQUIRE_SERVERS'] === '1'
const tmp = mkdtempSync(join(tmpdir(), 'evcat-release-flow-'))
const tsc = resolve('node_modules/typescript/bin/tsc')
let registry: Registry
let repo: TempRepo
const listings = new Map<string, string[]>()

const ADD_EVENT = [
  'catalog/lxd/lifecycle-instance.yaml',
  '  - name: instance-deleted\n',
  '  - name: instance-teleported\n    summary: The instance was teleported.\n    payload:\n      type: object\n      required: [target]\n      properties:\n        target: { type: string }\n    sources: [lxd-main]\n  - name: instance-deleted\n',
] as const
const REMOVE_FIELD = [
  'catalog/lxd/lifecycle-instance.yaml',
  '        location:\n          type: string\n          x-since: "5.11"\n          description: The cluster member the instance was created on ("none" when standalone).\n',
  '',
] as const
const CONSUMER = `import type { LxdEvent } from "@evcat/events/lxd";

export function placeOf(e: LxdEvent): string | undefined {
  if (e.type === "lifecycle" && e.metadata.action === "instance-created") {
    return e.metadata.context.location;
  }
  return undefined;
}
`

function npm(args: readonly string[], cwd: string): string {
  const common = [
    '--userconfig',
    registry.npmrc,
    '--cache',
    join(tmp, 'npm-cache'),
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
  ]
  return execFileSync('npm', [...args, ...common], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Packs a generated package folder, remembers what npm pack listed, and publishes the tarball. */
function publish(dir: string): void {
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], dir)) as {
    version: string
    filename: string
    files: { path: string }[]
  }[]
  listings.set(packed[0]!.version, packed[0]!.files.map((f) => f.path).sort())
  npm(['publish', join(tmp, packed[0]!.filename), '--registry', registry.url], tmp)
}

/** Releases the catalog, regenerates out/, commits, tags and publishes; returns the release line. */
async function release(): Promise<string> {
  const r = await run('release', '--catalog', repo.catalog)
  expect(r.code, r.err).toBe(0)
  const version = /^release (\S+)/.exec(r.out)![1]!
  expect((await run('generate', '--catalog', repo.catalog, '--out', join(repo.dir, 'out'))).code).toBe(0)
  repo.commit(`release ${version}`)
  repo.git('tag', `v${version}`)
  publish(join(repo.dir, 'out/package'))
  return r.out
}

describe.skipIf(!hasVerdaccio() && !required)('a release flow against a real npm registry (verdaccio)', () => {
  beforeAll(async () => {
    registry = await startRegistry(join(tmp, 'registry'))
    repo = tempRepo('catalog', 'evcat-flow-repo-')
    repo.git('tag', 'v0.1.0')
    publish(resolve('out/package'))
  }, 120_000)
  afterAll(async () => {
    await registry?.stop()
    repo?.remove()
    rmSync(tmp, { recursive: true, force: true })
  })

  it('releases an added event as 0.1.1 and a removed field as 0.2.0, and publishes each', async () => {
    repo.edit(...ADD_EVENT)
    expect(await release()).toMatch(/^release 0\.1\.1 \(compatible changes since 0\.1\.0, v0\.1\.0 /)
    repo.edit(...REMOVE_FIELD)
    expect(await release()).toMatch(/^release 0\.2\.0 \(breaking changes since 0\.1\.1, v0\.1\.1 /)
    expect(repo.read('CHANGELOG.md')).toContain(
      '- **breaking** `instance-created` `/metadata/context/location`: field "location" removed (was optional string) (`field-removed`; types break, validation drift).',
    )
    const versions = JSON.parse(
      npm(['view', '@evcat/events', 'versions', '--json', '--registry', registry.url], tmp),
    ) as string[]
    expect(versions).toEqual(['0.1.0', '0.1.1', '0.2.0'])
  }, 240_000)

  it('serves tarballs that hold what npm pack showed, and nothing more', () => {
    const dl = join(tmp, 'download')
    mkdirSync(dl, { recursive: true })
    for (const version of ['0.1.0', '0.1.1', '0.2.0']) {
      const packed = JSON.parse(
        npm(['pack', `@evcat/events@${version}`, '--json', '--pack-destination', dl, '--registry', registry.url], dl),
      ) as { filename: string }[]
      const files = [...readTarball(readFileSync(join(dl, packed[0]!.filename))).keys()]
        .map((p) => p.replace(/^package\//, ''))
        .sort()
      expect(files, version).toEqual(listings.get(version))
      expect(files).toContain('catalog.json')
    }
  })

  it('compares with a published version: installed, or fetched from the registry', async () => {
    const r = await run(
      'diff',
      '--catalog',
      repo.catalog,
      '--against',
      '@evcat/events@0.1.1',
      '--registry',
      registry.url,
      '--format',
      'json',
    )
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.out) as { changes: { event: string; pointer: string; rule: string }[] }
    expect(doc.changes.filter((c) => c.rule !== 'examples-changed' && c.rule !== 'description-changed')).toEqual([
      expect.objectContaining({
        event: 'instance-created',
        pointer: '/metadata/context/location',
        rule: 'field-removed',
      }),
    ])
    const old = await run(
      'diff',
      '--catalog',
      repo.catalog,
      '--against',
      '@evcat/events@0.1.0',
      '--registry',
      registry.url,
      '--format',
      'json',
    )
    expect((JSON.parse(old.out) as { changes: { rule: string }[] }).changes.map((c) => c.rule)).toEqual(
      expect.arrayContaining(['event-added', 'field-removed']),
    )
  })

  it('a consumer compiled against 0.1.0 still compiles against 0.1.1, and fails on 0.2.0 exactly where evcat diff said', async () => {
    const project = join(tmp, 'consumer')
    mkdirSync(project, { recursive: true })
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          noEmit: true,
          types: [],
        },
      }),
    )
    writeFileSync(join(project, 'consumer.ts'), CONSUMER)
    const compile = () => {
      try {
        execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' })
        return ''
      } catch (error) {
        return String((error as { stdout: string }).stdout)
      }
    }
    const results: Record<string, string> = {}
    for (const version of ['0.1.0', '0.1.1', '0.2.0']) {
      npm(['install', `@evcat/events@${version}`, '--registry', registry.url], project)
      expect(JSON.parse(readFileSync(join(project, 'node_modules/@evcat/events/package.json'), 'utf8')).version).toBe(
        version,
      )
      results[version] = compile()
      if (version === '0.1.1') {
        const installed = await installedSnapshot({ name: '@evcat/events', version: '0.1.1' }, project)
        expect(installed?.from).toContain('installed in')
      }
    }
    expect(results['0.1.0']).toBe('')
    expect(results['0.1.1']).toBe('')
    // The one error is the one access to the field evcat diff reported removed (line 5: e.metadata.context.location).
    const errors = results['0.2.0']!.trim().split('\n')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^consumer\.ts\(5,31\): error TS2339: Property 'location' does not exist on type /)
  }, 120_000)

  it('says which registry is down, exit 2', async () => {
    const port = await freePort()
    const before = process.env['npm_config_fetch_retries']
    process.env['npm_config_fetch_retries'] = '0'
    try {
      const r = await run(
        'diff',
        '--catalog',
        repo.catalog,
        '--against',
        '@evcat/events@0.1.0',
        '--registry',
        `http://127.0.0.1:${port}`,
      )
      expect(r.code).toBe(2)
      expect(r.err).toBe(
        `evcat: cannot reach the npm registry http://127.0.0.1:${port} to fetch @evcat/events@0.1.0; start it, or pass --registry URL\n`,
      )
    } finally {
      if (before === undefined) delete process.env['npm_config_fetch_retries']
      else process.env['npm_config_fetch_retries'] = before
    }
  })
})
