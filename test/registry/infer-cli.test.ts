import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { run } from '../cli/run.js'

// The mini catalog (shop: order/placed, order/cancelled, ping) and small captures written here.
const root = mkdtempSync(join(tmpdir(), 'evcat-infer-cli-'))
const catalog = join(root, 'catalog')
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeEach(() => {
  rmSync(catalog, { recursive: true, force: true })
  cpSync('test/fixtures/mini', catalog, { recursive: true })
})

const at = '2024-01-02T03:04:05Z'
function capture(name: string, lines: readonly unknown[]): string {
  const path = join(root, name)
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n')
  return path
}

describe('evcat infer', () => {
  it('says so and changes nothing when the capture has no drift', async () => {
    const file = capture('clean.jsonl', [
      { kind: 'ping', at },
      { kind: 'order', action: 'cancelled', at },
    ])
    const r = await run('infer', '--catalog', catalog, file, '--write')
    expect(r.code).toBe(0)
    expect(r.out).toBe(
      'no drift the catalog could learn from: 2 records: 2 valid, 0 drift, 0 invalid (not proposed: fix by hand), 0 unreadable (skipped); nothing changed\n',
    )
    expect(readFileSync(join(catalog, 'shop/order.yaml'), 'utf8')).toBe(
      readFileSync('test/fixtures/mini/shop/order.yaml', 'utf8'),
    )
  })

  it('counts unreadable records and goes on; proposes a new event, a new field and a capture source', async () => {
    const file = capture('drift.jsonl', [
      'not json',
      '[1, 2]',
      { kind: 'order', action: 'refunded', at, data: { id: 1234567890123456789n.toString(), amount: 5 } },
      { kind: 'order', action: 'refunded', at, data: { amount: 7 } },
      { kind: 'order', action: 'placed', at, data: { total: { amount: 5, tax: 1 } } },
    ])
    writeFileSync(file, readFileSync(file, 'utf8').replace('"1234567890123456789"', '1234567890123456789'))
    const r = await run('infer', '--catalog', catalog, file)
    expect(r.code).toBe(0)
    expect(r.err).toContain(
      '5 records: 0 valid, 3 drift, 0 invalid (not proposed: fix by hand), 2 unreadable (skipped)\n',
    )
    expect(r.err).toContain(`+ shop capture-drift: capture source for ${file}`)
    expect(r.err).toContain(
      `+ shop order/refunded: new event with its payload inferred from 2 samples → ${catalog}/shop/order.yaml\n    evidence: ${file} lines 3, 4 (2 records)\n`,
    )
    expect(r.err).toContain('/data/id: integers beyond 2^53, kept exact (x-bigint)')
    expect(r.err).toContain(
      `+ shop placed tax: new field "tax" (integer; in 1 of 1 records; optional: a wire example of placed in the catalog lacks it)`,
    )
    // The unified diff, in git's a/ b/ form; the 19-digit id stays exact in the example.
    expect(r.out).toContain('+  - name: refunded\n')
    expect(r.out).toContain(
      '+        value: {"kind": "order", "action": "refunded", "at": "2024-01-02T03:04:05Z", "data": {"id": 1234567890123456789, "amount": 5}}\n',
    )
    expect(r.out).toContain('+          x-bigint: true\n')
    expect(r.out).toMatch(/^--- a\/.*catalog\/shop\/family\.yaml\n\+\+\+ b\/.*catalog\/shop\/family\.yaml\n/m)
    expect(readFileSync(join(catalog, 'shop/order.yaml'), 'utf8')).toBe(
      readFileSync('test/fixtures/mini/shop/order.yaml', 'utf8'),
    )
    // Written, the result lints, and the same capture has nothing more to teach.
    expect((await run('infer', '--catalog', catalog, file, '--write')).code).toBe(0)
    expect((await run('lint', '--catalog', catalog)).code).toBe(0)
    expect((await run('infer', '--catalog', catalog, file)).out).toMatch(
      /^no drift the catalog could learn from: 5 records: 3 valid, 0 drift/,
    )
  })

  it('answers bad input with one line: a missing capture, a catalog failing lint, a --server without versions', async () => {
    const missing = await run('infer', '--catalog', catalog, join(root, 'nope.jsonl'))
    expect([missing.code, missing.err]).toEqual([
      2,
      `evcat: capture "${join(root, 'nope.jsonl')}" does not exist or is not a file\n`,
    ])
    const file = capture('ok.jsonl', [{ kind: 'ping', at }])
    const server = await run('infer', '--catalog', catalog, file, '--server', 'shop@1.0')
    expect([server.code, server.err]).toEqual([
      2,
      'evcat: --server shop@1.0: family shop lists no versions (versions.known in its family.yaml)\n',
    ])
    writeFileSync(join(catalog, 'shop/ping.yaml'), 'group: ping\nevents:\n  - name: ping\n    sumary: x\n')
    const lint = await run('infer', '--catalog', catalog, file)
    expect(lint.code).toBe(1)
    expect(lint.err).toMatch(/^evcat: the catalog in .* fails lint \(\d+ error\(s\), first: shop\/ping\.yaml:/)
  })
})
