import { beforeAll, describe, expect, it } from 'vitest'
import type { CatalogModel } from '../../src/model/types.js'
import { put, realModel, scratch, validateJson, wireLines } from './helpers.js'

const dir = scratch()
let model: CatalogModel
beforeAll(async () => {
  model = await realModel()
})

/** One valid wire example of an event, as a mutable object. */
const example = (family: string, event: string): Record<string, any> => {
  const e = model.families.find((f) => f.id === family)!.events.find((x) => x.name === event)!
  return structuredClone(e.examples.find((x) => x.wire && x.value !== undefined)!.value) as Record<string, any>
}
const jsonl = (values: unknown[]): string =>
  values.map((v) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x))).join('\n') + '\n'

describe('evcat validate: every family', () => {
  it.each(['lxd', 'events-hub', 'batcher', 'i3d'])('%s: every wire example of the catalog is valid', async (family) => {
    const lines = wireLines(model, family)
    expect(lines.length).toBeGreaterThan(20)
    const { code, report } = await validateJson(put(dir, `${family}.jsonl`, lines.map((l) => l.line).join('\n')))
    expect(report.problems).toEqual([])
    expect(report.summary).toEqual({ total: lines.length, valid: lines.length, invalid: 0, drift: 0, unreadable: 0 })
    expect(code).toBe(0)
  })

  it('a capture that mixes the four families is dispatched per line, with per-event counts', async () => {
    const mixed = ['lxd', 'events-hub', 'batcher', 'i3d'].map((f) => wireLines(model, f)[0]!)
    const { report } = await validateJson(put(dir, 'mixed.jsonl', mixed.map((m) => m.line).join('\n')))
    expect(report.summary.valid).toBe(4)
    expect(Object.keys(report.events).sort()).toEqual(['batcher', 'events-hub', 'i3d', 'lxd'])
    expect(report.events['lxd']![mixed[0]!.event]).toBe(1)
  })

  it('keeps 19-digit i3D ids exact: a JSON.parse-rounded id would be a different number, still valid; a fraction is not', async () => {
    const aim = example('i3d', 'AIMDestroy')
    const text = JSON.stringify(aim, (_k, x: unknown) => (typeof x === 'bigint' ? `__${x}__` : x)).replace(
      /"__(\d+)__"/g,
      '$1',
    )
    expect(text).toMatch(/"applicationInstanceId":\d{19}/)
    const bad = text.replace(/"applicationInstanceId":(\d{19})/, '"applicationInstanceId":$1.5')
    const { report } = await validateJson(put(dir, 'i3d-ids.jsonl', `${text}\n${bad}\n`))
    expect(report.summary).toMatchObject({ valid: 1, invalid: 1 })
    expect(report.problems[0]!.errors[0]).toMatchObject({
      pointer: '/parameters/applicationInstanceId',
      message: expect.stringMatching(/^expected an exact integer, got number/),
    })
  })

  it('parses exactly only where the catalog asks for exact integers: a uint64 in a plain LXD integer is an integer', async () => {
    // Go sends uint64 values past 2^53; LXD's catalog types err_code as a plain integer (no x-bigint), so a
    // bigint from an exact parse would be a false "expected integer". i3D, whose ids are x-bigint, stays exact.
    const op = example('lxd', 'operation') as { metadata: Record<string, unknown> }
    const text = JSON.stringify({ ...op, metadata: { ...op.metadata, err_code: 'X' } }).replace(
      '"err_code":"X"',
      '"err_code":18446744073709551615',
    )
    expect(text).toContain('"err_code":18446744073709551615')
    const { report } = await validateJson(put(dir, 'lxd-uint64.jsonl', `${text}\n`))
    expect(report.summary).toMatchObject({ total: 1, valid: 1 })
  })
})

describe('evcat validate: one broken rule, reported at its pointer, for people', () => {
  it.each([
    [
      'lxd',
      'operation',
      (v: any) => (v.metadata.may_cancel = 'no'),
      '/metadata/may_cancel',
      'expected boolean, got string "no"',
    ],
    [
      'lxd',
      'instance-renamed',
      (v: any) => delete v.metadata.context.old_name,
      '/metadata/context/old_name',
      'required field is missing',
    ],
    [
      'lxd',
      'logging',
      (v: any) => (v.timestamp = '2026-02-30T10:00:00Z'),
      '/timestamp',
      'expected a date-time (RFC 3339), got string "2026-02-30T10:00:00Z"',
    ],
    [
      'events-hub',
      'pdfm/VM_STATE_CHANGED',
      (v: any) => (v.body.vm_id = 5),
      '/body/vm_id',
      'expected string, got integer 5',
    ],
    [
      'batcher',
      'audit-fail',
      (v: any) => (v.msg = 'it broke'),
      '/msg',
      expect.stringMatching(/^expected one of "an audit revealed/),
    ],
    ['i3d', 'VmCreate', (v: any) => delete v['@timestamp'], '/@timestamp', 'required field is missing'],
  ] as const)('%s/%s', async (family, event, mutate, pointer, message) => {
    const v = example(family, event)
    mutate(v)
    const { code, report } = await validateJson(put(dir, 'one.jsonl', jsonl([v])))
    expect(code).toBe(1)
    expect(report.problems).toHaveLength(1)
    expect(report.problems[0]).toMatchObject({ line: 1, family, status: 'invalid' })
    expect(report.problems[0]!.errors).toEqual([{ pointer, message, kind: 'contract' }])
  })

  it('an unknown LXD action or context key is drift, and --strict makes it invalid', async () => {
    const newAction = example('lxd', 'instance-started')
    newAction.metadata.action = 'instance-teleported'
    const extraKey = example('lxd', 'instance-renamed')
    extraKey.metadata.context.new_key = 'x'
    const file = put(dir, 'drift.jsonl', jsonl([newAction, extraKey]))
    const lax = await validateJson(file)
    expect(lax.code).toBe(0)
    expect(lax.report.summary).toMatchObject({ drift: 2, invalid: 0 })
    expect(lax.report.problems.map((p) => p.errors)).toEqual([
      [
        {
          pointer: '/metadata/action',
          kind: 'drift',
          message: 'event not in the catalog: "lifecycle/instance-teleported"',
        },
      ],
      [{ pointer: '/metadata/context/new_key', kind: 'drift', message: 'field not in the catalog' }],
    ])
    const strict = await validateJson(file, '--strict')
    expect(strict.code).toBe(1)
    expect(strict.report.summary).toMatchObject({ drift: 0, invalid: 2 })
  })

  it('older servers: LXD 5.0 null resources/metadata and absent location/project/requestor are valid', async () => {
    const op = example('lxd', 'operation')
    op.metadata.resources = null
    op.metadata.metadata = null
    delete op.location
    delete op.metadata.requestor
    const { report } = await validateJson(put(dir, 'old.jsonl', jsonl([op])))
    expect(report.summary.valid).toBe(1)
  })
})

describe('evcat validate: shapes the vendor pages show but servers never send', () => {
  it('the Events Hub welcome with a semicolon is drift (an unknown message on a known channel), never valid', async () => {
    const welcome = example(
      'events-hub',
      model.families
        .find((f) => f.id === 'events-hub')!
        .events.find((e) => e.group === 'global' && e.name !== 'global/error')!.name,
    )
    welcome.message = 'WebSocket connection established; subscribed to global by default'
    const { report } = await validateJson(put(dir, 'welcome.jsonl', jsonl([welcome])))
    expect(report.problems[0]).toMatchObject({ status: 'drift', errors: [{ pointer: '/message', kind: 'drift' }] })
  })

  it('new_vm as the page draws it ({name, os_type, state}) is invalid', async () => {
    const added = example('events-hub', 'pdfm/VM_ADDED')
    added.body.new_vm = { name: 'My New VM', os_type: 'ubuntu', state: 'running' }
    const { report } = await validateJson(put(dir, 'newvm.jsonl', jsonl([added])))
    expect(report.problems[0]!.status).toBe('invalid')
    expect(report.problems[0]!.errors.some((e) => e.pointer === '/body/new_vm/os_type' && e.kind === 'drift')).toBe(
      true,
    )
    expect(report.problems[0]!.errors.some((e) => e.pointer.startsWith('/body/new_vm/') && e.kind === 'contract')).toBe(
      true,
    )
  })
})
