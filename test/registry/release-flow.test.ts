import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTarball } from '../../src/registry/source/tarball.js'
import { installedSnapshot } from '../../src/registry/source/npm.js'
import { bump, formatSemver, parseSemver } from '../../src/registry/semver.js'
import { run } from '../cli/run.js'
import { available } from '../requirements.js'
import { tempRepo, type TempRepo } from './git-repo.js'
import { freePort, hasVerdaccio, startRegistry, type Registry } from './verdaccio.js'

// A real release flow against a real npm registry (verdaccio, a devDependency, started here on 127.0.0.1 with
// its own storage): publish @evcat/events as this repository's out/package has it, add an event and release,
// remove a field and release, then install each version into a fresh project and compile a consumer against it.
const tmp = mkdtempSync(join(tmpdir(), 'evcat-release-flow-'))
const execFileAsync = promisify(execFile)
let registry: Registry
let repo: TempRepo
const listings = new Map<string, string[]>()

const ADD_EVENT = [
  'catalog/lxd/lifecycle-instance.yaml',
  '  - name: instance-deleted\n',
  '  - name: instance-teleported\n    summary: The instance was teleported.\n    payload:\n      type: object\n      required: [target]\n      x-evidence: lxd-main lxd/instance_post.go:1\n      properties:\n        target: { type: string }\n    sources: [lxd-main]\n  - name: instance-deleted\n',
] as const
const REMOVE_FIELD = [
  [
    'catalog/lxd/lifecycle-instance.yaml',
    '        location:\n          type: string\n          x-versions: ">=5.0.3 <5.1 || >=5.11"\n          description: The cluster member the instance was created on ("none" when standalone).\n',
    '',
  ],
  ['catalog/lxd/lifecycle-instance.yaml', 'required: [type, storage-pool, location]', 'required: [type, storage-pool]'],
] as const
const CONSUMER = `import type { LxdEvent } from "@evcat/events/lxd";

export function placeOf(e: LxdEvent): string | undefined {
  if (e.type === "lifecycle" && e.metadata.action === "instance-created") {
    return e.metadata.context?.location;
  }
  return undefined;
}
`
// The versions: this repository's catalog as released (published first), then a compatible and a breaking release.
const BASE = parseSemver(/^version: (\S+)$/m.exec(readFileSync('catalog/catalog.yaml', 'utf8'))![1]!, 'catalog.yaml')
const [V0, V1, V2] = [BASE, bump(BASE, 'compatible'), bump(bump(BASE, 'compatible'), 'breaking')].map(formatSemver) as [
  string,
  string,
  string,
]

function npmArgs(args: readonly string[]): string[] {
  const common = ['--userconfig', registry.npmrc, '--cache', join(tmp, 'npm-cache'), '--no-audit', '--no-fund']
  return [...args, ...common, '--loglevel=error']
}

function npm(args: readonly string[], cwd: string): string {
  return execFileSync('npm', npmArgs(args), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** npm without blocking, so that independent installs and packs run at once. */
async function npmAsync(args: readonly string[], cwd: string): Promise<string> {
  return (await execFileAsync('npm', npmArgs(args), { cwd, encoding: 'utf8', maxBuffer: 1 << 26 })).stdout
}

/**
 * Type-checks consumer projects as tsc does (strict, NodeNext), in this process and in one program, so the standard
 * library is read once; each file resolves `@evcat/events` from its own project. tsc's error lines per project.
 */
function compile(projects: readonly string[]): string[] {
  const files = projects.map((p) => join(p, 'consumer.ts'))
  const program = ts.createProgram(files, {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    types: [],
  })
  const all = ts.getPreEmitDiagnostics(program)
  return projects.map((project) => {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => project, getNewLine: () => '\n' }
    return ts.formatDiagnostics(
      all.filter((d) => d.file === undefined || d.file.fileName.startsWith(`${project}/`)),
      host,
    )
  })
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

const verdaccio = available(
  'verdaccio in node_modules (a devDependency: npm ci installs it)',
  hasVerdaccio(),
  'EVCAT_REQUIRE_SERVERS',
)

describe.runIf(verdaccio)('a release flow against a real npm registry (verdaccio)', () => {
  beforeAll(async () => {
    registry = await startRegistry(join(tmp, 'registry'))
    repo = tempRepo('catalog', 'evcat-flow-repo-')
    repo.git('tag', `v${V0}`)
    publish(resolve('out/package'))
  }, 120_000)
  afterAll(async () => {
    await registry?.stop()
    repo?.remove()
    rmSync(tmp, { recursive: true, force: true })
  })

  it('releases an added event as a patch and a removed field as a minor (0.x), and publishes each', async () => {
    repo.edit(...ADD_EVENT)
    expect(await release()).toMatch(new RegExp(`^release ${V1} \\(compatible changes since ${V0}, v${V0} `))
    for (const edit of REMOVE_FIELD) repo.edit(...edit)
    expect(await release()).toMatch(new RegExp(`^release ${V2} \\(breaking changes since ${V1}, v${V1} `))
    expect(repo.read('CHANGELOG.md')).toContain(
      '- **breaking** `instance-created` `/metadata/context/location`: field "location" removed (was string required in versions \\>=5.0.3 \\<5.1 or since 5.11) (`field-removed`; types break, validation drift).',
    )
    const versions = JSON.parse(
      npm(['view', '@evcat/events', 'versions', '--json', '--registry', registry.url], tmp),
    ) as string[]
    expect(versions).toEqual([V0, V1, V2])
  }, 240_000)

  it('serves tarballs that hold what npm pack showed, and nothing more', async () => {
    const dl = join(tmp, 'download')
    mkdirSync(dl, { recursive: true })
    const packs = await Promise.all(
      [V0, V1, V2].map((version) =>
        npmAsync(
          ['pack', `@evcat/events@${version}`, '--json', '--pack-destination', dl, '--registry', registry.url],
          dl,
        ),
      ),
    )
    for (const [i, version] of [V0, V1, V2].entries()) {
      const packed = JSON.parse(packs[i]!) as { filename: string }[]
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
      `@evcat/events@${V1}`,
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
      `@evcat/events@${V0}`,
      '--registry',
      registry.url,
      '--format',
      'json',
    )
    expect((JSON.parse(old.out) as { changes: { rule: string }[] }).changes.map((c) => c.rule)).toEqual(
      expect.arrayContaining(['event-added', 'field-removed']),
    )
  })

  it('a consumer compiled against the first version still compiles against the patch, and fails on the minor exactly where evcat diff said', async () => {
    // One fresh project per version, installed from the registry at once (npm's cache is safe to share).
    const projects = [V0, V1, V2].map((version) => {
      const project = join(tmp, `consumer-${version}`)
      mkdirSync(project, { recursive: true })
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
      writeFileSync(join(project, 'consumer.ts'), CONSUMER)
      return { version, project }
    })
    await Promise.all(
      projects.map(({ version, project }) =>
        npmAsync(['install', `@evcat/events@${version}`, '--registry', registry.url], project),
      ),
    )
    const compiled = compile(projects.map((p) => p.project))
    const results: Record<string, string> = {}
    for (const [i, { version, project }] of projects.entries()) {
      const installed = JSON.parse(readFileSync(join(project, 'node_modules/@evcat/events/package.json'), 'utf8'))
      expect(installed.version).toBe(version)
      results[version] = compiled[i]!
    }
    const found = await installedSnapshot({ name: '@evcat/events', version: V1 }, projects[1]!.project)
    expect(found?.from).toContain('installed in')
    expect(results[V0]).toBe('')
    expect(results[V1]).toBe('')
    // The one error is the one access to the field evcat diff reported removed (line 5: e.metadata.context?.location).
    const errors = results[V2]!.trim().split('\n')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^consumer\.ts\(5,32\): error TS2339: Property 'location' does not exist on type /)
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
        `@evcat/events@${V0}`,
        '--registry',
        `http://127.0.0.1:${port}`,
      )
      expect(r.code).toBe(2)
      expect(r.err).toBe(
        `evcat: cannot reach the npm registry http://127.0.0.1:${port} to fetch @evcat/events@${V0}; start it, or pass --registry URL\n`,
      )
    } finally {
      if (before === undefined) delete process.env['npm_config_fetch_retries']
      else process.env['npm_config_fetch_retries'] = before
    }
  })
})
