import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realModel, wireLines } from '../validate/helpers.js'

// A user's project, far from this repository: nothing of evcat is resolvable from it but the tarball.
const project = mkdtempSync(join(tmpdir(), 'evcat-consumer-'))
const tsc = resolve('node_modules/typescript/bin/tsc')
let tarball = ''
afterAll(() => rmSync(project, { recursive: true, force: true }))

beforeAll(async () => {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', project], { cwd: 'out/package', encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[]
  tarball = join(project, packed[0]!.filename)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  execFileSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: project,
  })
  const model = await realModel()
  const lines = ['lxd', 'events-hub', 'batcher', 'i3d'].flatMap((f) => wireLines(model, f).map((l) => l.line))
  writeFileSync(join(project, 'capture.jsonl'), lines.join('\n') + '\n')
}, 180_000)

describe('the published package, installed into a fresh project', () => {
  it('ships JavaScript and declarations, not TypeScript sources', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean)
    expect(listing).toContain('package/package.json')
    expect(listing).toContain('package/lxd/index.js')
    expect(listing).toContain('package/lxd/index.d.ts')
    expect(listing.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/@evcat/events/package.json'), 'utf8')) as Record<
      string,
      any
    >
    expect(pkg['dependencies']).toBeUndefined()
    expect(Object.keys(pkg['exports'])).toEqual([
      '.',
      './batcher',
      './events-hub',
      './i3d',
      './lxd',
      './mock',
      './package.json',
    ])
    expect(Object.keys(pkg['exports']['./lxd'])).toEqual(['types', 'default'])
  })

  it('type-checks a strict consumer that imports every subpath and narrows', () => {
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
          exactOptionalPropertyTypes: true,
        },
      }),
    )
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { validate, parse, lxd, eventsHub, batcher, i3d, type AnyEvent } from "@evcat/events";
import * as L from "@evcat/events/lxd";
import * as H from "@evcat/events/events-hub";
import * as B from "@evcat/events/batcher";
import * as I from "@evcat/events/i3d";

export function onLxd(e: L.LxdEvent): string {
  if (e.type === "lifecycle" && e.metadata.action === "instance-renamed") return e.metadata.context.old_name;
  if (e.type === "operation") return e.metadata.status;
  return "";
}
export function onHub(e: H.EventsHubEvent): string {
  if (e.event_type === "pdfm" && e.message === "VM_STATE_CHANGED") return e.body.current_state;
  return "";
}
export function onBatcher(e: B.BatcherEvent): number {
  return e.name === "batch" ? e.metadata.length : e.val;
}
export function onI3d(e: I.I3DEvent): bigint | number | undefined {
  return e.code === "AIMDestroy" ? e.parameters.applicationInstanceId : undefined;
}
const r = L.validate(L.parse("{}"));
if (r.ok) onLxd(r.event);
const any = validate(parse("{}"));
if (any.ok) { const a: AnyEvent = any.event; void a; }
const value: unknown = {};
if (L.isLxdInstanceRenamedEvent(value)) { const name: string = value.metadata.context.old_name; void name; }
const names: readonly string[] = [...L.lxdLifecycleNames, ...B.batcherEventNames];
void [names, lxd, eventsHub, batcher, i3d];
// @ts-expect-error not an LXD action
export const bad: L.LxdLifecycleEvent["metadata"]["action"] = "instance-exploded";
`,
    )
    expect(() => execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' })).not.toThrow()
  })

  it('validates a capture of all four families through the installed package, without evcat', () => {
    writeFileSync(
      join(project, 'validate.mjs'),
      `import { readFileSync } from "node:fs";
import { validate, parse } from "@evcat/events";
import * as lxd from "@evcat/events/lxd";
const counts = { ok: 0, bad: 0, families: {} };
for (const line of readFileSync("capture.jsonl", "utf8").split("\\n").filter(Boolean)) {
  const r = validate(parse(line));
  counts[r.ok && r.status === "valid" ? "ok" : "bad"]++;
  counts.families[r.family] = (counts.families[r.family] ?? 0) + 1;
}
const broken = lxd.validate({ type: "operation", timestamp: "2026-01-01T00:00:00Z", metadata: { status_code: "200" } });
console.log(JSON.stringify({ counts, broken: broken.ok, pointers: broken.errors.map((e) => e.pointer) }));
`,
    )
    const out = JSON.parse(execFileSync(process.execPath, ['validate.mjs'], { cwd: project, encoding: 'utf8' })) as {
      counts: { ok: number; bad: number; families: Record<string, number> }
      broken: boolean
      pointers: string[]
    }
    expect(out.counts.bad).toBe(0)
    expect(out.counts.ok).toBeGreaterThan(200)
    expect(Object.keys(out.counts.families).sort()).toEqual(['batcher', 'events-hub', 'i3d', 'lxd'])
    expect(out.broken).toBe(false)
    expect(out.pointers).toContain('/metadata/status_code')
  })

  it('judges a message as one server version sends it, and refuses a version it does not know', () => {
    writeFileSync(
      join(project, 'server.mjs'),
      `import { validate } from "@evcat/events";
import * as lxd from "@evcat/events/lxd";
import * as hub from "@evcat/events/events-hub";
const created = (context) => ({ type: "lifecycle", timestamp: "2023-01-20T10:00:00.5Z", location: "none", project: "default",
  metadata: { action: "instance-created", source: "/1.0/instances/c1", context, requestor: { username: "root", protocol: "unix", address: "@" } } });
const typeOnly = created({ type: "container" });
let unknown = "";
try { lxd.validate(typeOnly, { server: "5.0.9" }); } catch (e) { unknown = e.constructor.name + ": " + e.message; }
console.log(JSON.stringify({
  any: lxd.validate(typeOnly).status,
  v501: lxd.validate(typeOnly, { server: "5.0.1" }).status,
  v502: lxd.validate(typeOnly, { server: "5.0.2" }).errors.map((e) => e.pointer),
  v54: lxd.validate(typeOnly, { server: "5.4" }).status,
  root: validate(typeOnly, { servers: { lxd: "5.0.2" } }).status,
  spelled: hub.validate({}, { server: "1.0.0" }).status,
  known: lxd.lxdServerVersions.includes("5.0.2") && lxd.lxdServerVersions.at(-1),
  unknown,
}));
`,
    )
    const out = JSON.parse(
      execFileSync(process.execPath, ['server.mjs'], { cwd: project, encoding: 'utf8' }),
    ) as Record<string, unknown>
    expect(out).toEqual({
      any: 'valid',
      v501: 'valid',
      v502: ['/metadata/context/storage-pool'],
      v54: 'drift',
      root: 'invalid',
      spelled: 'invalid',
      known: 'main',
      unknown: expect.stringMatching(/^RangeError: 5\.0\.9 is not a known version of lxd; known: 4\.0\.7, /),
    })
  })

  it('serves the mock feeds in process, with nothing but the package installed (no ajv, no evcat)', () => {
    writeFileSync(
      join(project, 'mock.mjs'),
      `import { mockFeed } from "@evcat/events/mock";
import { validate, parse } from "@evcat/events";
const seen = { valid: 0, invalid: 0, drift: 0, caught: 0, sequences: new Set() };
for await (const frame of mockFeed("lxd", { seed: 1, count: 500, invalid: 0.05, drift: 0.05 })) {
  seen[frame.kind]++;
  if (frame.sequence) seen.sequences.add(frame.sequence);
  const r = validate(parse(frame.text));
  const status = r.ok ? r.status : "invalid";
  if (status === frame.kind && frame.kind !== "valid") seen.caught++;
}
const again = [];
for await (const f of mockFeed("events-hub", { seed: 2, count: 20 })) again.push(f.text);
const twice = [];
for await (const f of mockFeed("events-hub", { seed: 2, count: 20 })) twice.push(f.text);
console.log(JSON.stringify({ ...seen, sequences: seen.sequences.size, same: again.join() === twice.join() }));
`,
    )
    const out = JSON.parse(execFileSync(process.execPath, ['mock.mjs'], { cwd: project, encoding: 'utf8' })) as Record<
      string,
      number | boolean
    >
    expect(out['valid']! as number).toBeGreaterThan(400)
    expect(out['caught']).toBe((out['invalid'] as number) + (out['drift'] as number))
    expect(out['sequences']! as number).toBeGreaterThan(5)
    expect(out['same']).toBe(true)
    expect(existsSync(join(project, 'node_modules/ajv'))).toBe(false)
  })
})
