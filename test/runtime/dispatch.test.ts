import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher, type FamilyTable, type Verdict } from '../../src/runtime/dispatch.js'
import { parseExact } from '../../src/runtime/parse.js'
import { generateDir } from '../generators/pipeline.js'

const tmp = mkdtempSync(join(tmpdir(), 'evcat-dispatch-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
let check: (line: string) => Verdict

beforeAll(async () => {
  // Generate the golden catalog's validators for real, write them, and import them as a user would.
  for (const f of await generateDir('test/golden/features/catalog')) {
    mkdirSync(dirname(join(tmp, f.path)), { recursive: true })
    writeFileSync(join(tmp, f.path), f.text)
  }
  const { tables } = (await import(pathToFileURL(join(tmp, 'validators/index.js')).href)) as { tables: FamilyTable[] }
  const dispatch = createDispatcher(tables)
  check = (line) => dispatch(parseExact(line))
})

const fed = (detail: string, extra = '') =>
  `{"type":"animal","at":"2024-05-06T07:08:09.123456789Z","meta":{"action":"fed","detail":${detail}}${extra}}`

describe('generated validators + dispatch', () => {
  it('accepts a valid event, with a 19-digit id kept exact', () => {
    expect(check(fed('{"food":"hay","keeper":{"name":"Ann","id":1234567890123456789,"tags":null}}'))).toEqual({
      family: 'zoo',
      event: 'fed',
      status: 'valid',
      problems: [],
    })
  })

  it('reports each broken rule at its pointer, for people', () => {
    const v = check(fed('{"food":"cake","keeper":{"name":5,"id":1.5}}').replace('2024-05-06', '2024-02-30'))
    expect(v.status).toBe('invalid')
    expect(v.problems).toEqual([
      {
        pointer: '/at',
        kind: 'contract',
        message: 'expected a date-time (RFC 3339), got string "2024-02-30T07:08:09.123456789Z"',
      },
      {
        pointer: '/meta/detail/food',
        kind: 'contract',
        message: 'expected one of "hay", "fish */", "`meat`", "say \\"hi\\"", got string "cake"',
      },
      { pointer: '/meta/detail/keeper/name', kind: 'contract', message: 'expected string, got integer 5' },
      { pointer: '/meta/detail/keeper/id', kind: 'contract', message: 'expected an exact integer, got number 1.5' },
    ])
  })

  it('calls unknown fields drift, anywhere in the message', () => {
    const v = check(fed('{"food":"hay","keeper":{"name":"A"},"colour":"red"}', ',"extra":1'))
    expect(v.status).toBe('drift')
    expect(v.problems.map((p) => [p.pointer, p.kind])).toEqual([
      ['/extra', 'drift'],
      ['/meta/detail/colour', 'drift'],
    ])
  })

  it('calls an unknown event of a known group drift, after checking its group', () => {
    expect(check('{"type":"animal","at":"2024-05-06T07:08:09Z","meta":{"action":"sleeps"}}')).toEqual({
      family: 'zoo',
      event: 'animal/sleeps',
      status: 'drift',
      problems: [{ pointer: '/meta/action', kind: 'drift', message: 'event not in the catalog: "animal/sleeps"' }],
    })
    expect(check('{"type":"animal","at":"nope","meta":{"action":"sleeps"}}').status).toBe('invalid')
  })

  it('reports a payload that is absent but required as missing fields', () => {
    expect(check('{"type":"animal","at":"2024-05-06T07:08:09Z","meta":{"action":"fed"}}').problems).toEqual([
      { pointer: '/meta/detail/food', kind: 'contract', message: 'required field is missing' },
      { pointer: '/meta/detail/keeper', kind: 'contract', message: 'required field is missing' },
    ])
  })

  it('treats __proto__ keys as data', () => {
    const v = check(
      '{"type":"log","at":"2024-05-06T07:08:09Z","meta":{"message":"m","level":"info","context":{"__proto__":"x"}},"__proto__":{"a":1}}',
    )
    expect(v.status).toBe('drift')
    expect(v.problems).toEqual([{ pointer: '/__proto__', kind: 'drift', message: 'field not in the catalog' }])
  })
})
