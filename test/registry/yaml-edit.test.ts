import { describe, expect, it } from 'vitest'
import { Append, Insert, Raw, Rekey, SetValue, applyPatch, jsonText } from '../../src/registry/infer/yaml-edit.js'

const FILE = `# yaml-language-server: $schema=../schemas/group.schema.json
group: g   # the group
events:
  - name: a
    summary: "A, quoted"
    sources: [x]
    payload:
      type: object
      properties:
        f: { type: string }   # flow
  - name: c
    summary: >-
      A folded summary that this edit must not touch at all.
    sources:
      - x
    payload:
      type: object
      properties: {}
`

describe('applyPatch: edits that keep every other byte', () => {
  it('adds to block and flow maps, appends to flow and block sequences, inserts items, sets scalars', () => {
    const out = applyPatch(FILE, {
      group: new SetValue('h'),
      events: {
        0: {
          sources: new Append(['x', 'y']),
          payload: { properties: { f: { 'x-known': ['a'] }, g: { type: 'integer' } } },
        },
        1: { sources: new Append(['z']), payload: { properties: { n: { type: 'string', enum: ['p', 'q'] } } } },
      },
    })
    expect(out).toBe(`# yaml-language-server: $schema=../schemas/group.schema.json
group: h   # the group
events:
  - name: a
    summary: "A, quoted"
    sources: [x, y]
    payload:
      type: object
      properties:
        f: { type: string, x-known: [a] }   # flow
        g:
          type: integer
  - name: c
    summary: >-
      A folded summary that this edit must not touch at all.
    sources:
      - x
      - z
    payload:
      type: object
      properties:
        n:
          type: string
          enum: [p, q]
`)
  })

  it('creates missing maps along the way, and inserts a new item with a raw JSON value', () => {
    const out = applyPatch(FILE, {
      events: new Insert([
        {
          index: 1,
          value: {
            name: 'b',
            summary: 'B',
            examples: [{ wire: true, value: new Raw(jsonText({ id: 12345678901234567890n, s: 'x' })) }],
          },
        },
      ]),
      notes: new Append(['one']),
    })
    expect(out).toContain(`        f: { type: string }   # flow
  - name: b
    summary: B
    examples:
      - wire: true
        value: {"id": 12345678901234567890, "s": "x"}
  - name: c
`)
    expect(out.endsWith('      properties: {}\nnotes: [one]\n')).toBe(true)
  })

  it('replaces a key and its value in place, in block and flow maps', () => {
    const text = 'a:\n  since: "5.19"   # why\n  f: { x-since: "5.19", type: string }\n'
    const out = applyPatch(text, {
      a: {
        since: new Rekey('versions', '>=5.19 || 5.0.2'),
        f: { 'x-since': new Rekey('x-versions', '>=5.19 || 5.0.2') },
      },
    })
    expect(out).toBe(
      'a:\n  versions: ">=5.19 || 5.0.2"   # why\n  f: { x-versions: ">=5.19 || 5.0.2", type: string }\n',
    )
  })

  it('changes nothing for an empty patch, or values already there', () => {
    expect(applyPatch(FILE, {})).toBe(FILE)
    expect(applyPatch(FILE, { events: { 0: { sources: new Append(['x']) } } })).toBe(FILE)
  })
})
