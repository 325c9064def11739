import { describe, expect, it } from 'vitest'
import { createPayloadAjv } from '../../src/schema/ajv.js'
import { toProblems, type AjvError } from '../../src/runtime/messages.js'
import { toPath, valueAt } from '../../src/runtime/pointer.js'

function problems(schema: object, value: unknown) {
  const validate = createPayloadAjv().compile(schema)
  expect(validate(value)).toBe(false)
  return toProblems(validate.errors as AjvError[], '/metadata', (p) => valueAt({ metadata: value }, toPath(p)))
}

const operation = {
  type: 'object',
  properties: { status: { type: 'string' }, status_code: { type: 'integer' } },
  allOf: [
    { if: { properties: { status_code: { const: 103 } } }, then: { properties: { status: { const: 'Running' } } } },
    { if: { properties: { status_code: { const: 200 } } }, then: { properties: { status: { const: 'Success' } } } },
  ],
}

describe('problem messages for cross-field rules', () => {
  it('says which value an if/then rule expects, at the field that disagrees, once', () => {
    expect(problems(operation, { status: 'Running', status_code: 200 })).toEqual([
      {
        pointer: '/metadata/status',
        kind: 'contract',
        message: 'expected "Success" for the values of its sibling fields, got string "Running"',
      },
    ])
  })

  it('lists every allowed value once when the branches of a choice are value sets', () => {
    const level = {
      type: 'object',
      properties: {
        level: { type: 'string', anyOf: [{ enum: ['debug', 'info'] }, { enum: ['dbug', 'info', 'crit'] }] },
      },
    }
    expect(problems(level, { level: 'verbose' })).toEqual([
      {
        pointer: '/metadata/level',
        kind: 'contract',
        message: 'expected one of "debug", "info", "dbug", "crit", got string "verbose"',
      },
    ])
  })

  it('names the fields of a combination that is not allowed', () => {
    const pairs = {
      type: 'object',
      oneOf: [
        { properties: { enabled: { const: true }, state: { const: 'started' } } },
        { properties: { enabled: { const: false }, state: { const: 'stopped' } } },
      ],
    }
    expect(problems(pairs, { enabled: true, state: 'stopped' })).toEqual([
      {
        pointer: '/metadata',
        kind: 'contract',
        message: 'state and enabled are not an allowed combination, got state string "stopped", enabled boolean true',
      },
    ])
  })

  it('reports the closest shape of a choice between objects, not every branch', () => {
    const shapes = {
      oneOf: [
        {
          type: 'object',
          required: ['id', 'state'],
          properties: { id: { type: 'string' }, state: { type: 'string' } },
        },
        { type: 'object', required: ['host_id', 'event'], properties: { host_id: { type: 'string' }, event: {} } },
      ],
    }
    expect(problems(shapes, { id: 'a', state: 7 })).toEqual([
      { pointer: '/metadata/state', kind: 'contract', message: 'expected string, got integer 7' },
    ])
  })

  it('reports x-count-equals at the count, with the number it should be', () => {
    const batch = { type: 'object', 'x-count-equals': { count: 'val', items: 'ops' } }
    expect(problems(batch, { val: 3, ops: [{}, {}] })).toEqual([
      { pointer: '/metadata/val', kind: 'contract', message: 'expected 2 (the number of items in ops), got integer 3' },
    ])
  })
})
