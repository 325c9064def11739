import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CatalogModel } from '../../src/model/types.js'
import { createDispatcher, type FamilyTable, type Verdict } from '../../src/runtime/dispatch.js'
import { realModel, scratch, put, validateJson } from './helpers.js'

// The generated validators in out/, judged per server version: the catalog's version facts as a consumer meets them.
let tables: readonly FamilyTable[]
let model: CatalogModel

beforeAll(async () => {
  const index = pathToFileURL(resolve('out/validators/index.js')).href
  tables = ((await import(index)) as { tables: readonly FamilyTable[] }).tables
  model = await realModel()
})

function judge(family: string, server: string | undefined, message: unknown): Verdict {
  const servers = server === undefined ? {} : { servers: { [family]: server } }
  return createDispatcher(tables, { family, ...servers })(message)
}

const base = (context?: object, extra: object = {}) => ({
  type: 'lifecycle',
  timestamp: '2023-01-20T10:00:00.5Z',
  metadata: {
    action: 'instance-created',
    source: '/1.0/instances/c1',
    ...(context === undefined ? {} : { context }),
    requestor: { username: 'root', protocol: 'unix', address: '@' },
    ...extra,
  },
  location: 'none',
  project: 'default',
})

describe('validation per server version', () => {
  it('judges every example the catalog pins to a server version as that version sends it', () => {
    let checked = 0
    for (const family of model.families) {
      for (const event of family.events) {
        for (const example of event.examples) {
          if (example.server === undefined || example.value === undefined) continue
          const v = judge(family.id, example.server, example.value)
          const what = `${family.id}@${example.server} ${event.name} (wire: ${example.wire})`
          if (example.wire) expect(v.status, `${what}: ${JSON.stringify(v.problems)}`).toBe('valid')
          else expect(v.status, what).not.toBe('valid')
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(25)
  })

  it('instance-created: no context up to 5.4, {type} at 5.0.1 and 5.5, storage-pool from 5.0.2 and 5.6', () => {
    const none = base()
    const typeOnly = base({ type: 'container' })
    const both = base({ type: 'container', 'storage-pool': 'default' })
    expect(judge('lxd', '5.4', none).status).toBe('valid')
    expect(judge('lxd', '5.4', typeOnly).problems).toEqual([
      { pointer: '/metadata/context/type', kind: 'drift', message: 'field not in the catalog' },
    ])
    expect(judge('lxd', '5.0.1', typeOnly).status).toBe('valid')
    expect(judge('lxd', '5.5', typeOnly).status).toBe('valid')
    // An absent context is judged as {}, so the field the version always sends is named.
    expect(judge('lxd', '5.0.1', none).problems).toEqual([
      { pointer: '/metadata/context/type', kind: 'contract', message: 'required field is missing' },
    ])
    expect(judge('lxd', '5.0.2', typeOnly).problems).toEqual([
      { pointer: '/metadata/context/storage-pool', kind: 'contract', message: 'required field is missing' },
    ])
    expect(judge('lxd', '5.0.2', both).status).toBe('valid')
    expect(judge('lxd', '5.6', both).status).toBe('valid')
    expect(judge('lxd', '5.5', both).status).toBe('drift')
    // Without --server, every version's shape is accepted.
    for (const m of [none, typeOnly, both]) expect(judge('lxd', undefined, m).status).toBe('valid')
  })

  it('instance-file-pushed: file-source/file-destination up to 4.23, path from 4.24', () => {
    const pushed = (context: object) => ({
      ...base(context),
      metadata: { ...base(context).metadata, action: 'instance-file-pushed' },
    })
    const old = pushed({
      'file-source': '/tmp/a',
      'file-destination': '/root/a',
      gid: 0,
      mode: 420,
      'file-type': 'file',
      uid: 0,
      'write-mode': 'overwrite',
    })
    const now = pushed({ path: '/root/a' })
    expect(judge('lxd', '4.23', old).status).toBe('valid')
    expect(judge('lxd', '4.24', now).status).toBe('valid')
    expect(judge('lxd', '4.24', old).status).not.toBe('valid')
    expect(judge('lxd', '4.23', now).status).not.toBe('valid')
    expect(judge('lxd', undefined, old).status).toBe('valid')
    expect(judge('lxd', undefined, now).status).toBe('valid')
  })

  it('logging levels: log15 spellings before 5.0, logrus from 5.0.0', () => {
    const log = (level: string) => ({
      type: 'logging',
      timestamp: '2023-01-20T10:00:00Z',
      metadata: { message: 'Done', level, context: {} },
      location: 'none',
    })
    expect(judge('lxd', '4.24', log('dbug')).status).toBe('valid')
    expect(judge('lxd', '5.0.0', log('debug')).status).toBe('valid')
    expect(judge('lxd', '5.0.0', log('dbug')).problems[0]).toMatchObject({
      pointer: '/metadata/level',
      kind: 'contract',
    })
    expect(judge('lxd', '4.24', log('debug')).problems[0]).toMatchObject({
      pointer: '/metadata/level',
      kind: 'contract',
    })
    expect(judge('lxd', undefined, log('verbose')).problems[0]).toMatchObject({ pointer: '/metadata/level' })
  })

  it('an event a version never sends is drift, named as such', () => {
    const security = {
      type: 'security',
      timestamp: '2026-05-08T14:32:15Z',
      location: 'lxd1',
      metadata: { name: 'authn_login_fail:tls', level: 'warning', description: 'TLS authentication failure' },
    }
    expect(judge('lxd', '6.9', security).status).toBe('valid')
    const v = judge('lxd', '6.8', security)
    expect(v.status).toBe('drift')
    expect(v.problems.at(-1)).toEqual({
      pointer: '/type',
      kind: 'drift',
      message: 'event not sent by lxd 6.8: "security" (other versions send it)',
    })
  })

  it('name and project of lifecycle metadata: only on instance actions, and only from 5.19 (and 5.0.3)', () => {
    const started = {
      ...base(),
      metadata: { ...base().metadata, action: 'instance-started', name: 'c1', project: 'default' },
    }
    expect(judge('lxd', '5.19', started).status).toBe('valid')
    expect(judge('lxd', '5.18', started).status).toBe('drift')
    const network = {
      ...base(),
      metadata: { action: 'network-created', source: '/1.0/networks/n1', name: 'n1', project: 'default' },
    }
    expect(judge('lxd', '5.19', network).problems.map((p) => [p.pointer, p.kind])).toEqual([
      ['/metadata/name', 'drift'],
      ['/metadata/project', 'drift'],
    ])
    expect(judge('lxd', undefined, network).status).toBe('drift')
  })
})

describe('evcat validate --server', () => {
  const dir = scratch()

  it('reports the real LXD 5.0.2 capture as all valid, judged as 5.0.2', async () => {
    const { code, report } = await validateJson('test/fixtures/lxd/capture-5.0.2.jsonl', '--server', 'lxd@5.0.2')
    expect(code).toBe(0)
    expect(report.summary).toMatchObject({ total: 2074, valid: 2074, invalid: 0, drift: 0, unreadable: 0 })
  })

  it.each(['1', '2'])('judges as the version with --jobs %s, each problem streamed as a jsonl line', async (jobs) => {
    const capture = readFileSync('test/fixtures/lxd/capture-5.0.2.jsonl', 'utf8').split('\n').filter(Boolean)
    // Only LXD 6.9 and later send security events: valid for any version, drift for 5.0.2.
    const security = JSON.stringify({
      type: 'security',
      timestamp: '2026-05-08T14:32:15Z',
      location: 'lxd1',
      metadata: { name: 'authn_login_fail:tls', level: 'warning', description: 'TLS authentication failure' },
    })
    const lines = [...capture.slice(0, 1000), security, ...capture.slice(1000), security]
    const file = put(dir, `security-${jobs}.jsonl`, lines.join('\n') + '\n')
    const { run } = await import('../cli/run.js')
    const r = await run('validate', file, '--server', 'lxd@5.0.2', '--jobs', jobs, '--format', 'jsonl')
    expect(r.code).toBe(0)
    const out = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; line?: number; status?: string; summary?: object })
    expect(out.map((o) => [o.type, o.line, o.status])).toEqual([
      ['problem', 1001, 'drift'],
      ['problem', 2076, 'drift'],
      ['summary', undefined, undefined],
    ])
    expect(out[2]!.summary).toEqual({ total: 2076, valid: 2074, invalid: 0, drift: 2, unreadable: 0 })
    const any = await run('validate', file, '--jobs', jobs, '--format', 'jsonl')
    expect(any.out.trim().split('\n')).toHaveLength(1)
  })

  it('finds a version however it is spelled', async () => {
    const file = put(
      dir,
      'pong.jsonl',
      `{"id":"${'a'.repeat(64)}","ref_id":"b","event_type":"health","timestamp":"2026-01-01T00:00:00Z",` +
        `"message":"pong","client_id":"26369eda-4802-49f7-a07f-2292721d1724"}\n`,
    )
    const { code } = await validateJson(file, '--server', 'events-hub@1.0.0')
    expect(code).toBe(0)
  })

  it.each([
    ['lxd', '--server takes FAMILY@VERSION (for example lxd@5.0.2), not "lxd"'],
    ['lxd@5.0.9', '5.0.9 is not a known version of lxd; known: 4.0.7,'],
    ['i3d@1.0', 'the catalog knows no server versions of i3d'],
    ['nope@1.0', 'no family "nope"'],
  ])('refuses --server %s with exit 2 and one line', async (value, message) => {
    const file = put(dir, 'empty.jsonl', '')
    const { run } = await import('../cli/run.js')
    const r = await run('validate', file, '--server', value)
    expect(r.code).toBe(2)
    expect(r.err).toContain(message)
    expect(r.err.trim().split('\n')).toHaveLength(1)
  })
})
