import { beforeAll, describe, expect, it } from 'vitest'
import { buildFeedData } from '../../generators/mock/data.js'
import { feedFrames } from '../../src/mock/feed.js'
import { goEscape } from '../../src/mock/go-json.js'
import { unknownName } from '../../src/mock/inject.js'
import type { FeedData, MockFrame } from '../../src/mock/types.js'
import type { CatalogModel } from '../../src/model/types.js'
import { parseExact } from '../../src/runtime/parse.js'
import { put, realModel, scratch, validateJson } from '../validate/helpers.js'

const FAMILIES = ['lxd', 'events-hub', 'i3d', 'batcher'] as const
const dir = scratch()
let model: CatalogModel
const data = (family: string): FeedData => buildFeedData(model, family)

beforeAll(async () => {
  model = await realModel()
})

/** Validates frames with `evcat validate` and returns, per 0-based seq, what it found. */
async function judge(frames: readonly MockFrame[], name: string) {
  const file = put(dir, name, frames.map((f) => f.text + '\n').join(''))
  const { report } = await validateJson(file, '--max-problems', '1000000')
  const found = new Map(report.problems.map((p) => [p.line - 1, p]))
  return { report, found }
}

describe('mock feeds, judged by evcat validate', () => {
  it.each(FAMILIES)('%s: 2000 frames with sequences and no injection are all valid', async (family) => {
    const frames = [...feedFrames(data(family), { seed: 3, count: 2000 })]
    const { report } = await judge(frames, `${family}-valid.jsonl`)
    expect(report.summary).toMatchObject({ total: 2000, valid: 2000, invalid: 0, drift: 0, unreadable: 0 })
    expect(frames.every((f) => f.kind === 'valid')).toBe(true)
  })

  it.each(FAMILIES)(
    '%s: the validator reports exactly the injected frames, at the claimed pointers',
    async (family) => {
      const frames = [...feedFrames(data(family), { seed: 11, count: 3000, invalid: 0.05, drift: 0.05 })]
      const injected = frames.filter((f) => f.kind !== 'valid')
      expect(injected.filter((f) => f.kind === 'invalid').length).toBeGreaterThan(80)
      expect(injected.filter((f) => f.kind === 'drift').length).toBeGreaterThan(80)
      const { found } = await judge(frames, `${family}-mixed.jsonl`)
      expect(found.size).toBe(injected.length)
      for (const f of injected) {
        const p = found.get(f.seq)
        expect(p?.status, `frame ${f.seq} (${f.event} ${f.rule})`).toBe(f.kind)
        expect(p!.errors.map((e) => e.pointer)).toContain(f.pointer)
      }
    },
  )

  it('drift makes unknown events and unknown fields, both', () => {
    const frames = [...feedFrames(data('lxd'), { seed: 5, count: 2000, drift: 0.2 })].filter((f) => f.kind === 'drift')
    expect(new Set(frames.map((f) => f.rule))).toEqual(new Set(['unknown-event', 'unknown-field']))
    const unknownEvent = frames.find((f) => f.rule === 'unknown-event')!
    expect((JSON.parse(unknownEvent.text) as { metadata: { action: string } }).metadata.action).toMatch(/-evcat-drift$/)
    // LXD carries what it adds inside metadata: lxc decodes the envelope and would drop anything at the root.
    expect(frames.every((f) => f.pointer!.startsWith('/metadata'))).toBe(true)
  })

  it('LXD invalid frames break only metadata (a Go client drops frames with a broken envelope)', () => {
    const invalid = [...feedFrames(data('lxd'), { seed: 8, count: 3000, invalid: 0.2 })].filter(
      (f) => f.kind === 'invalid',
    )
    expect(invalid.length).toBeGreaterThan(400)
    expect(invalid.every((f) => f.pointer!.startsWith('/metadata/'))).toBe(true)
  })
})

describe('determinism', () => {
  it.each(FAMILIES)('%s: the same seed gives the same frames in the same order, invalid lines included', (family) => {
    const options = { seed: 'x', count: 1500, invalid: 0.1, drift: 0.1 }
    const a = [...feedFrames(data(family), options)]
    const b = [...feedFrames(data(family), options)]
    expect(b).toEqual(a)
    expect(a.filter((f) => f.kind === 'invalid').length).toBeGreaterThan(50)
    const c = [...feedFrames(data(family), { ...options, seed: 'y' })]
    expect(c.map((f) => f.text)).not.toEqual(a.map((f) => f.text))
  })

  it('a longer feed starts with the shorter one, and the rate changes timestamps only', () => {
    const short = [...feedFrames(data('lxd'), { seed: 2, count: 300, invalid: 0.1 })]
    const long = [...feedFrames(data('lxd'), { seed: 2, count: 600, invalid: 0.1 })]
    expect(long.slice(0, 300)).toEqual(short)
    const paced = [...feedFrames(data('lxd'), { seed: 2, count: 300, invalid: 0.1, rate: 1000 })]
    const strip = (f: MockFrame) => f.text.replace(/"(timestamp|created_at|updated_at)":"[^"]*"/g, '')
    expect(paced.map(strip)).toEqual(short.map(strip))
  })
})

describe('timestamps', () => {
  it('count forward from the start, 1/rate apart', () => {
    const start = Date.UTC(2027, 0, 1)
    const frames = [...feedFrames(data('batcher'), { seed: 1, count: 5, start, rate: 4 })]
    // go-batcher has no timestamp; Events Hub frames carry one at the root.
    const hub = [...feedFrames(data('events-hub'), { seed: 1, count: 50, start, rate: 4, sequences: false })]
    const stamps = hub.map((f) => Date.parse((JSON.parse(f.text) as { timestamp: string }).timestamp))
    expect(stamps[0]).toBe(start + 250)
    stamps.forEach((t, i) => expect(t).toBe(start + 250 * (i + 1)))
    expect(frames).toHaveLength(5)
  })
})

describe('LXD operations', () => {
  const operations = (frames: readonly MockFrame[]) => {
    const byOp = new Map<string, MockFrame[]>()
    for (const f of frames) if (f.sequence !== undefined) byOp.set(f.sequence, [...(byOp.get(f.sequence) ?? []), f])
    return byOp
  }

  it('go Pending → Running → Success with the lifecycle event, or Failure with err and none, same id throughout', () => {
    const frames = [...feedFrames(data('lxd'), { seed: 9, count: 4000 })]
    const ops = operations(frames)
    let success = 0
    let failure = 0
    for (const [label, seq] of ops) {
      const id = label.replace('operation ', '')
      const statuses = seq
        .filter((f) => f.channel === 'operation')
        .map((f) => (JSON.parse(f.text) as { metadata: { id: string; status: string; err: string } }).metadata)
      if (statuses.length < 3) continue // still running when the feed ended
      expect(statuses.every((s) => s.id === id)).toBe(true)
      expect(statuses.slice(0, 2).map((s) => s.status)).toEqual(['Pending', 'Running'])
      const last = statuses[2]!
      const lifecycle = seq.filter((f) => f.channel === 'lifecycle')
      const logs = seq.filter((f) => f.channel === 'logging').map((f) => f.text)
      expect(logs.every((l) => !l.includes('"operation"') || l.includes(id))).toBe(true)
      if (last.status === 'Success') {
        success++
        expect(last.err).toBe('')
        expect(lifecycle).toHaveLength(1)
        expect(logs.some((l) => l.includes('Success for operation'))).toBe(true)
      } else {
        failure++
        expect(last.status).toBe('Failure')
        expect(last.err).not.toBe('')
        expect(lifecycle).toHaveLength(0)
        expect(
          logs.some(
            (l) => l.includes('Failure for operation') && l.includes(goEscape(JSON.stringify(last.err)).slice(1, -1)),
          ),
        ).toBe(true)
      }
    }
    expect(success).toBeGreaterThan(20)
    expect(failure).toBeGreaterThan(2)
  })
})

describe('Events Hub VM lives', () => {
  it('VM_ADDED, state changes, VM_REMOVED, each pdfm frame followed by its HOST_VM_* mirror', () => {
    const frames = [...feedFrames(data('events-hub'), { seed: 4, count: 4000 })]
    const lives = new Map<string, MockFrame[]>()
    for (const f of frames) if (f.sequence !== undefined) lives.set(f.sequence, [...(lives.get(f.sequence) ?? []), f])
    let complete = 0
    for (const [label, seq] of lives) {
      const vmId = label.replace('vm ', '')
      const parsed = seq.map((f) => JSON.parse(f.text) as { message: string; body: Record<string, unknown> })
      for (let i = 0; i < parsed.length - 1; i += 2) {
        const [pdfm, host] = [parsed[i]!, parsed[i + 1]!]
        expect(host.message).toBe(`HOST_${pdfm.message}`)
        expect(host.body['event']).toEqual(pdfm.body)
        expect(pdfm.body['vm_id']).toBe(vmId)
      }
      expect(parsed[0]!.message).toBe('VM_ADDED')
      if (parsed.at(-1)!.message !== 'HOST_VM_REMOVED') continue
      complete++
      const states = parsed.filter((p) => p.message === 'VM_STATE_CHANGED').map((p) => p.body)
      for (let i = 1; i < states.length; i++) expect(states[i]!['previous_state']).toBe(states[i - 1]!['current_state'])
    }
    expect(complete).toBeGreaterThan(10)
  })

  it('v0.9.21 sends only what that version had (no stats, no auth)', () => {
    const frames = [...feedFrames(data('events-hub'), { seed: 1, count: 2000, server: 'v0.9.21' })]
    const channels = new Set(frames.map((f) => f.channel))
    expect([...channels].sort()).toEqual(['orchestrator', 'pdfm'])
    const all = new Set([...feedFrames(data('events-hub'), { seed: 1, count: 2000 })].map((f) => f.channel))
    expect(all.has('stats')).toBe(true)
  })

  it('never puts a ref_id or client_id (reply-only fields) on a broadcast', () => {
    const frames = [...feedFrames(data('events-hub'), { seed: 1, count: 3000, invalid: 0.05, drift: 0.05 })]
    const envelopes = frames.map((f) => Object.keys(JSON.parse(f.text) as object))
    expect(envelopes.filter((keys) => keys.includes('ref_id') || keys.includes('client_id'))).toEqual([])
  })
})

describe('Go encoding', () => {
  it.each(['lxd', 'events-hub'])('%s: <, > and & are written as Go writes them', (family) => {
    const frames = [...feedFrames(data(family), { seed: 1, count: 3000 })]
    expect(frames.filter((f) => /[<>&]/.test(f.text))).toEqual([])
    if (family === 'lxd') expect(frames.some((f) => f.text.includes('\\u0026'))).toBe(true)
  })
})

describe('i3D', () => {
  it('keeps 19-digit ids exact', () => {
    const frames = [...feedFrames(data('i3d'), { seed: 1, count: 500 })]
    const big = frames.map((f) => parseExact(f.text) as { parameters?: Record<string, unknown> })
    expect(big.some((v) => Object.values(v.parameters ?? {}).some((x) => typeof x === 'bigint'))).toBe(true)
  })
})

describe('unknownName', () => {
  it.each([
    ['instance-started', 'instance-started-evcat-drift'],
    ['VM_ADDED', 'VM_ADDED_EVCAT_DRIFT'],
    ['AIMDestroy', 'AIMDestroyEvcatDrift'],
    ['System Stats', 'System Stats (evcat drift)'],
  ])('%s → %s', (known, unknown) => expect(unknownName(known)).toBe(unknown))
})
