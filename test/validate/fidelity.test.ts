import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CatalogModel } from '../../src/model/types.js'
import { createDispatcher, type FamilyTable, type Verdict } from '../../src/runtime/dispatch.js'
import { toPath } from '../../src/runtime/pointer.js'
import { realModel } from './helpers.js'

// Every row of ../shared/reference/fidelity.md, as a consumer meets it: a message the platform really sends is
// not invalid, and one it cannot send is caught at the right place, with words a person understands. Messages
// start from the catalog's own wire example of the event and change one thing.

let tables: readonly FamilyTable[]
let model: CatalogModel

beforeAll(async () => {
  tables = ((await import(pathToFileURL(resolve('out/validators/index.js')).href)) as { tables: FamilyTable[] }).tables
  model = await realModel()
})

/** A change to an example: set a pointer to a value, or remove it (`undefined`). */
type Patch = Readonly<Record<string, unknown>>

interface Expect {
  /** Judge the impossible message as this server version (default: the row's). */
  readonly server?: string
  readonly status: Verdict['status']
  readonly pointer?: string
  readonly says?: string
}

interface Row {
  readonly row: string
  readonly family: string
  readonly event: string
  readonly server?: string
  /** What the platform really sends (not invalid; drift only where said). */
  readonly real: Patch
  readonly realIs?: Verdict['status']
  /** What it cannot send. */
  readonly impossible: Patch
  readonly caught: Expect
}

const rows: Row[] = [
  // Over-constraints: real messages the 0.1.0 catalog rejected.
  {
    row: 'O1',
    family: 'i3d',
    event: 'AIMCreate',
    real: { '/message': 'Application instance create.' },
    impossible: { '/message': 42 },
    caught: { status: 'invalid', pointer: '/message', says: 'expected string' },
  },
  {
    row: 'O2',
    family: 'i3d',
    event: 'AIMStarted',
    real: { '/message': 'Application instance started' },
    impossible: { '/message': null },
    caught: { status: 'invalid', pointer: '/message' },
  },
  {
    row: 'O3',
    family: 'i3d',
    event: 'Downloading',
    real: { '/message': 'Application instance is downloading (42%)' },
    impossible: { '/message': {} },
    caught: { status: 'invalid', pointer: '/message' },
  },
  {
    row: 'O4',
    family: 'i3d',
    event: 'VmCreate',
    real: { '/message': 'VM create started.' },
    impossible: { '/message': 7 },
    caught: { status: 'invalid', pointer: '/message' },
  },
  {
    row: 'O5',
    family: 'i3d',
    event: '19001',
    real: { '/message': 'Instance quota reached' },
    impossible: { '/message': false },
    caught: { status: 'invalid', pointer: '/message' },
  },
  {
    row: 'O6',
    family: 'i3d',
    event: 'AIMCreate',
    real: { '/parameters': { applicationInstanceId: 3188843029817405412n } },
    impossible: { '/parameters/hostId': 'forty-two' },
    caught: { status: 'invalid', pointer: '/parameters/hostId' },
  },
  {
    row: 'O7',
    family: 'lxd',
    event: 'instance-file-pushed',
    real: { '/metadata/context': { 'file-source': '/tmp/a', 'file-destination': '/root/a', info: {} } },
    impossible: { '/metadata/context/path': 5 },
    caught: { status: 'invalid', pointer: '/metadata/context/path', says: 'expected string' },
  },
  {
    row: 'O8',
    family: 'lxd',
    event: 'instance-created',
    real: { '/metadata/context': undefined },
    impossible: { '/metadata/context/type': 'vm' },
    caught: { status: 'invalid', pointer: '/metadata/context/type', says: '"virtual-machine"' },
  },
  {
    row: 'O9',
    family: 'events-hub',
    event: 'auth/USER_REMOVED',
    real: { '/body/user_id': 'Alice@Example.com' },
    impossible: { '/body/user_id': 5 },
    caught: { status: 'invalid', pointer: '/body/user_id' },
  },
  {
    row: 'O10',
    family: 'events-hub',
    event: 'system_logs/System Log',
    real: { '/body/level': 'notice' },
    impossible: { '/body/level': 'verbose' },
    caught: { status: 'invalid', pointer: '/body/level', says: '"notice"' },
  },
  {
    row: 'O11',
    family: 'events-hub',
    event: 'pdfm/VM_ADDED',
    real: { '/body/new_vm/Type': 'CT' },
    impossible: { '/body/new_vm/Type': 1 },
    caught: { status: 'invalid', pointer: '/body/new_vm/Type' },
  },
  {
    row: 'O12',
    family: 'events-hub',
    event: 'client/system/client-id',
    // The hub matches case-insensitively; the catalog knows the spelling the docs use, so another is drift.
    real: { '/message': 'Client-ID' },
    realIs: 'drift',
    impossible: { '/id': 5 },
    caught: { status: 'invalid', pointer: '/id' },
  },
  {
    row: 'O13',
    family: 'events-hub',
    event: 'job_manager/JOB_CREATED',
    real: { '/body': { host_id: 'a'.repeat(64), event: null } },
    impossible: { '/body': { host_id: 5, event: {} } },
    caught: { status: 'invalid', pointer: '/body' },
  },
  {
    row: 'O14',
    family: 'batcher',
    event: 'pause',
    real: { '/val': -250 },
    impossible: { '/val': 1.5 },
    caught: { status: 'invalid', pointer: '/val', says: 'expected integer' },
  },
  // Under-constraints: impossible messages the 0.1.0 catalog accepted.
  {
    row: 'U1',
    family: 'lxd',
    event: 'operation',
    real: { '/metadata/status': 'Running', '/metadata/status_code': 103 },
    impossible: { '/metadata/status': 'Bogus' },
    caught: { status: 'invalid', pointer: '/metadata/status', says: '"Running"' },
  },
  {
    row: 'U2',
    family: 'lxd',
    event: 'operation',
    real: { '/metadata/status': 'Cancelled', '/metadata/status_code': 401 },
    impossible: { '/metadata/status_code': 999 },
    caught: { status: 'invalid', pointer: '/metadata/status_code', says: '401' },
  },
  {
    row: 'U3',
    family: 'lxd',
    event: 'operation',
    real: { '/metadata/status': 'Success', '/metadata/status_code': 200 },
    impossible: { '/metadata/status': 'Running', '/metadata/status_code': 200 },
    caught: { status: 'invalid', pointer: '/metadata/status', says: 'got string "Running"' },
  },
  {
    row: 'U4',
    family: 'lxd',
    event: 'operation',
    real: { '/metadata/class': 'durable' },
    impossible: { '/metadata/class': 'bogus' },
    caught: { status: 'invalid', pointer: '/metadata/class', says: '"durable"' },
  },
  {
    row: 'U5',
    family: 'lxd',
    event: 'logging',
    real: { '/metadata/level': 'dbug' },
    impossible: { '/metadata/level': 'verbose' },
    caught: { status: 'invalid', pointer: '/metadata/level', says: 'got string "verbose"' },
  },
  {
    row: 'U6',
    family: 'lxd',
    event: 'security',
    real: { '/metadata/level': 'info', '/metadata/name': 'authn_login_fail:oidc' },
    impossible: { '/metadata/level': 'error' },
    caught: { status: 'invalid', pointer: '/metadata/level', says: '"warning"' },
  },
  {
    row: 'U6 (name)',
    family: 'lxd',
    event: 'security',
    real: { '/metadata/name': 'authn_login_fail' },
    impossible: { '/metadata/name': 'bogus_action' },
    caught: { status: 'invalid', pointer: '/metadata/name' },
  },
  {
    row: 'U7',
    family: 'lxd',
    event: 'network-created',
    real: {},
    impossible: { '/metadata/name': 'n1' },
    caught: { status: 'drift', pointer: '/metadata/name', says: 'field not in the catalog' },
  },
  {
    row: 'U8 (a non-batchable operation is alone)',
    family: 'batcher',
    event: 'batch',
    real: { '/metadata/0/batchable': false, '/metadata/1': undefined, '/val': 1 },
    impossible: { '/metadata/0/batchable': false },
    caught: { status: 'invalid', pointer: '/metadata' },
  },
  {
    row: 'U9',
    family: 'events-hub',
    event: 'reverse_proxy/HTTP Traffic Forwarded',
    real: {},
    impossible: { '/body/traffic_type': 'tcp' },
    caught: { status: 'invalid', pointer: '/body/traffic_type', says: '"http"' },
  },
  {
    row: 'U9 (tcp)',
    family: 'events-hub',
    event: 'reverse_proxy/TCP Traffic Forwarded',
    real: {},
    impossible: { '/body/target_vm_id': 'ae032783-53d3-49c3-babf-1475589d9a7b' },
    caught: { status: 'drift', pointer: '/body/target_vm_id' },
  },
  {
    row: 'U10',
    family: 'events-hub',
    event: 'reverse_proxy/REVERSE_PROXY_STATE_CHANGED',
    real: { '/body': { enabled: false, state: 'stopped' } },
    impossible: { '/body': { enabled: true, state: 'stopped' } },
    caught: { status: 'invalid', pointer: '/body', says: 'not an allowed combination' },
  },
  {
    row: 'U11',
    family: 'events-hub',
    event: 'job_manager/JOB_COMPLETED',
    real: {},
    impossible: { '/body/state': 'running' },
    caught: { status: 'invalid', says: 'completed' },
  },
  {
    row: 'U12 / T2',
    family: 'lxd',
    event: 'storage-volume-created',
    real: {},
    impossible: { '/metadata/context/type': 'containers' },
    caught: { status: 'invalid', pointer: '/metadata/context/type', says: '"custom"' },
  },
  // Version metadata.
  {
    row: 'M1',
    family: 'lxd',
    event: 'identity-provider-group-updated',
    server: '6.6',
    real: {},
    impossible: {},
    caught: { server: '6.7', status: 'drift', pointer: '/metadata/action', says: 'not sent by lxd 6.7' },
  },
  {
    row: 'M2',
    family: 'lxd',
    event: 'auth-group-created',
    server: '5.21.0',
    real: {},
    impossible: {},
    caught: { server: '5.19', status: 'drift', pointer: '/metadata/action', says: 'not sent by lxd 5.19' },
  },
  {
    row: 'M3',
    family: 'lxd',
    event: 'instance-started',
    real: {},
    impossible: { '/metadata/action': 'container-started' },
    caught: {
      status: 'drift',
      pointer: '/metadata/action',
      says: 'event not in the catalog: "lifecycle/container-started"',
    },
  },
  {
    row: 'M4',
    family: 'events-hub',
    event: 'pdfm/VM_UPDATED',
    server: 'v1.0.0',
    real: {},
    impossible: {},
    caught: { server: 'v0.9.21', status: 'drift', pointer: '/message', says: 'not sent by events-hub v0.9.21' },
  },
  {
    row: 'T1',
    family: 'events-hub',
    event: 'stats/DISK_SPACE_CHANGED',
    real: { '/body/given_path_size': 1024 },
    impossible: { '/body/given_path_size': '1024' },
    caught: { status: 'invalid', pointer: '/body/given_path_size', says: 'expected integer' },
  },
]

function example(family: string, event: string): unknown {
  const e = model.families.find((f) => f.id === family)?.events.find((x) => x.name === event)
  if (e === undefined) throw new Error(`no event ${family}/${event}`)
  const x =
    e.examples.find((ex) => ex.wire && ex.value !== undefined && ex.server === undefined) ??
    e.examples.find((ex) => ex.wire && ex.value !== undefined)
  if (x === undefined) throw new Error(`${family}/${event} has no wire example`)
  return structuredClone(x.value)
}

function patched(value: unknown, patch: Patch): unknown {
  for (const [pointer, v] of Object.entries(patch)) {
    const path = toPath(pointer)
    let node = value as Record<string, unknown>
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>
    const last = path.at(-1)!
    if (v === undefined) {
      if (Array.isArray(node)) node.splice(Number(last), 1)
      else delete node[last]
    } else node[last] = v
  }
  return value
}

function judge(r: Row, patch: Patch, server = r.server): Verdict {
  const servers = server === undefined ? {} : { servers: { [r.family]: server } }
  return createDispatcher(tables, { family: r.family, ...servers })(patched(example(r.family, r.event), patch))
}

describe('fidelity.md, row by row', () => {
  it.each(rows)('$row: $family/$event — the real message passes, the impossible one is caught', (r) => {
    const real = judge(r, r.real)
    expect(real.status, `real message: ${JSON.stringify(real.problems)}`).toBe(r.realIs ?? 'valid')
    const caught = judge(r, r.impossible, r.caught.server ?? r.server)
    expect(caught.status, JSON.stringify(caught.problems)).toBe(r.caught.status)
    const at =
      r.caught.pointer === undefined ? caught.problems : caught.problems.filter((p) => p.pointer === r.caught.pointer)
    expect(at.length, `no problem at ${r.caught.pointer}: ${JSON.stringify(caught.problems)}`).toBeGreaterThan(0)
    if (r.caught.says !== undefined) expect(at.map((p) => p.message).join('\n')).toContain(r.caught.says)
  })
})
