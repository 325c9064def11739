import { describe, expect, it } from 'vitest'
import { flattenFields, typeLabel, type FieldRow } from '../../src/model/fields.js'
import { fieldTable } from '../../generators/docs/field-table.js'
import {
  correctionView,
  eventView,
  familyView,
  ownFields,
  pageAnchors,
  slug,
  sourcesTable,
} from '../../generators/docs/view-model.js'
import type { EventFixtures } from '../../generators/fixtures/types.js'
import { event, family, group, source } from './markdown.js'

/** The parts of a row a reader sees, for compact given/want tables. */
function brief(rows: readonly FieldRow[]): string[] {
  return rows.map((r) => {
    const req = r.required === undefined ? '' : r.required ? ' required' : ' optional'
    const variant = r.variant.length > 0 ? ` [${r.variant.join(', ')}]` : ''
    const extra = r.constraints.length > 0 ? ` {${r.constraints.join('; ')}}` : ''
    return `${r.path}${variant}: ${r.type}${req}${extra}`
  })
}

describe('flattenFields', () => {
  it('walks nested objects, arrays and maps, in declaration order', () => {
    const schema = {
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'object', required: ['b'], properties: { b: { type: 'string' }, c: { type: ['integer', 'null'] } } },
        list: { type: 'array', items: { type: 'object', properties: { x: { type: 'boolean' } } } },
        map: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        open: { type: 'object', additionalProperties: true },
        bare: { type: 'object' },
        'odd key.': { type: 'string', format: 'date-time' },
      },
    }
    expect(brief(flattenFields(schema, {}))).toEqual([
      'a: object required',
      'a.b: string required',
      'a.c: integer or null optional',
      'list: array optional',
      'list[]: object',
      'list[].x: boolean optional',
      'map: object optional',
      'map.*: array',
      'map.*[]: string',
      'open: object optional {open: any keys}',
      'bare: object optional {open: any keys}',
      '["odd key."]: string (date-time) optional',
    ])
  })

  it('resolves $ref into definitions, with sibling keywords winning, and stops at a cycle', () => {
    const definitions = {
      Node: {
        type: 'object',
        description: 'A node.',
        required: ['id'],
        properties: { id: { type: 'integer', 'x-bigint': true }, next: { $ref: '#/definitions/Node' } },
      },
    }
    const rows = flattenFields(
      {
        type: 'object',
        properties: { root: { $ref: '#/definitions/Node', description: 'The root.', 'x-since': '2.0' } },
      },
      definitions,
    )
    expect(brief(rows)).toEqual([
      'root: object (Node) optional',
      'root.id: integer (exact, 19+ digits) required',
      'root.next: object (Node) optional {recursive: Node again, see above}',
    ])
    expect(rows[0]).toMatchObject({ description: 'The root.', versions: '>=2.0', pointer: '/root' })
    expect(rows[1]).toMatchObject({ pointer: '/root/id', parent: expect.objectContaining({ required: ['id'] }) })
    expect(rows[2]).toMatchObject({ description: 'A node.' })
  })

  it('lists each oneOf/anyOf branch under its own label', () => {
    const definitions = { Big: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } }
    const schema = {
      type: 'object',
      properties: {
        choice: { oneOf: [{ $ref: '#/definitions/Big' }, { title: 'Small', type: 'object', maxProperties: 0 }] },
        either: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
    }
    expect(brief(flattenFields(schema, definitions))).toEqual([
      'choice: one of 2 shapes optional',
      'choice [oneOf 1/2: Big]: object (Big)',
      'choice.n [oneOf 1/2: Big]: integer required',
      'choice [oneOf 2/2: Small]: object {empty: no keys}',
      'either: any of 2 shapes optional',
      'either [anyOf 1/2]: string',
      'either [anyOf 2/2]: null',
    ])
  })

  it('keeps versions, notes, sources and exact values', () => {
    const [row] = flattenFields(
      {
        type: 'object',
        properties: {
          level: {
            type: 'string',
            'x-known': ['info'],
            'x-since': '1.2',
            'x-until': '3.0',
            'x-note': 'Only info.',
            'x-source': ['code'],
          },
        },
      },
      {},
    )
    expect(row).toEqual({
      path: 'level',
      pointer: '/level',
      key: 'level',
      depth: 0,
      variant: [],
      type: 'string',
      required: false,
      versions: '>=1.2 <=3.0',
      note: 'Only info.',
      sources: ['code'],
      values: { kind: 'known', list: ['info'] },
      constraints: [],
      schema: {
        type: 'string',
        'x-known': ['info'],
        'x-since': '1.2',
        'x-until': '3.0',
        'x-note': 'Only info.',
        'x-source': ['code'],
      },
      parent: expect.objectContaining({ type: 'object' }),
      covers: [],
    })
  })

  it('marks an unresolvable $ref instead of failing', () => {
    expect(flattenFields({ type: 'object', properties: { x: { $ref: '#/definitions/Nope' } } }, {})[0]).toMatchObject({
      path: 'x',
      description: 'unresolved reference #/definitions/Nope',
    })
  })
})

describe('typeLabel', () => {
  it.each([
    [{ type: 'string' }, 'string'],
    [{ type: ['string', 'null'] }, 'string or null'],
    [{ type: ['object', 'null'] }, 'object or null'],
    [{ type: 'integer', 'x-bigint': true }, 'integer (exact, 19+ digits)'],
    [{ type: 'null' }, 'null'],
    [{ const: 'x' }, 'string'],
    [{ enum: ['19001', 19001] }, 'string or integer'],
    [{ enum: ['', null] }, 'string or null'],
    [{ type: 'string', format: 'uuid' }, 'string (uuid)'],
    [{}, 'any'],
  ])('%j → %s', (schema, want) => expect(typeLabel(schema)).toBe(want))
})

describe('fieldTable', () => {
  it('writes one escaped row per field, with what it enforces and why, and its known values', () => {
    const rows = flattenFields(
      {
        type: 'object',
        required: ['food'],
        properties: {
          food: {
            enum: ['hay', 'fish */', '`meat`', 'a|b'],
            description: 'What | was *eaten*.',
            'x-evidence': 'page l.3',
          },
          id: { type: 'integer', 'x-bigint': true, 'x-since': '2.0', 'x-note': 'Exact.', 'x-source': ['code'] },
          name: {
            type: 'string',
            pattern: '^[a-z]+$',
            minLength: 1,
            'x-evidence': { pattern: 'cap', minLength: 'code a|b' },
          },
          tags: { type: 'object', additionalProperties: true },
          mood: { type: 'string', 'x-known': ['calm'], 'x-evidence': { 'x-known': 'example page l.9' } },
        },
        'x-evidence': { required: 'code a.go:1' },
      },
      {},
    )
    const sources = [source('code'), source('page', { kind: 'seed' }), source('cap', { kind: 'capture' })]
    expect(fieldTable(rows, { sources })).toEqual({
      header: ['Field', 'Type', 'Required', 'Versions', 'Meaning', 'Values', 'Enforced (evidence)'],
      rows: [
        [
          '`food`',
          'string',
          'yes',
          '',
          'What \\| was \\*eaten\\*.',
          'one of `"hay"`, `"fish */"`, ``"`meat`"``, "a\\|b"',
          '`required`: code `code a.go:1`<br>`enum`: statement `page l.3`',
        ],
        ['`id`', 'integer (exact, 19+ digits)', 'no', 'since 2.0', 'Note: Exact.<br>Sources: `code`', '', ''],
        [
          '`name`',
          'string',
          'no',
          '',
          '',
          'pattern `^[a-z]+$`<br>length ≥ 1',
          '`pattern`: capture `cap`<br>`minLength`: code code a\\|b',
        ],
        ['`tags`', 'object', 'no', '', '', 'open: any keys', ''],
        [
          '`mood`',
          'string',
          'no',
          '',
          '',
          'known: `"calm"` (others possible; not enforced; only from page examples: `page l.9`)',
          '',
        ],
      ],
    })
  })
})

describe('event sections', () => {
  const renamed = event('renamed', {
    payload: {
      type: 'object',
      required: ['old_name'],
      properties: { old_name: { type: 'string', description: 'the previous name.' }, note: { type: 'string' } },
    },
  })
  const shop = family([renamed])

  it('lists the event own fields, LXD style', () => {
    expect(ownFields(renamed, {})).toBe('`old_name`: the previous name.<br>`note` (optional): string')
  })

  it('renders a correction as where, page, wire and sources', () => {
    expect(
      correctionView({
        pointer: '/data',
        page: 'file-source, `info`',
        wire: 'path | only',
        sources: ['code', 'capture'],
      }),
    ).toEqual({
      at: '`/data`',
      page: 'file-source, \\`info\\`',
      wire: 'path \\| only',
      sources: '`code`, `capture`',
    })
    expect(correctionView({ page: 'x', wire: 'y', sources: [] }).at).toBe('the event as a whole')
  })

  it('takes the example from the first valid fixture, with exact big integers', () => {
    const fixtures: EventFixtures = {
      family: 'shop',
      event: 'renamed',
      valid: [
        {
          family: 'shop',
          event: 'renamed',
          id: 'example-0',
          note: 'the catalog example',
          value: { id: 3146958765429871206n, name: 'a' },
        },
        { family: 'shop', event: 'renamed', id: 'minimal', note: 'only required fields', value: {} },
      ],
      invalid: [],
    }
    const view = eventView(shop, renamed, pageAnchors(shop), fixtures)
    expect(view.example).toEqual({
      label: 'Fixture `example-0`: the catalog example.',
      block: { fence: '```', lang: 'json', body: '{\n  "id": 3146958765429871206,\n  "name": "a"\n}' },
    })
    expect(eventView(shop, renamed, pageAnchors(shop)).example).toBeUndefined()
  })

  it('states discriminator, payload place, versions and deprecation', () => {
    const old = event('old', {
      since: '1.0',
      until: '2.0',
      sentBy: '>=1.0 <=2.0',
      deprecated: { reason: 'Use renamed.', replacedBy: 'renamed' },
      emitter: 'Batcher',
      gate: 'WithEmit()',
    })
    const f = family([old, renamed])
    const view = eventView(f, old, pageAnchors(f))
    expect(view.deprecated).toBe('Use renamed. (replaced by [`renamed`](#shop-renamed))')
    expect(view.facts).toEqual([
      { label: 'Group', value: '[orders events](#shop-group-orders)' },
      { label: 'Direction', value: 'server → client' },
      { label: 'Discriminator', value: '`/type` = `"order"`, `/action` = `"old"`' },
      { label: 'Payload at', value: '`/data`' },
      { label: 'Emitter', value: 'Batcher' },
      { label: 'Enabled by', value: 'WithEmit()' },
      { label: 'Sent by', value: 'server versions 1.0 to 2.0' },
      { label: 'TypeScript type', value: '`ShopoldEvent`' },
      { label: 'Defined in', value: '`catalog/shop/orders.yaml:1`' },
    ])
  })

  it('keeps what the page says verbatim: one-liners as facts, multi-line text as blocks', () => {
    const e = event('pushed', {
      pages: [
        {
          source: 'page',
          section: 'Events',
          name: 'pushed',
          summary: 'A *file* was pushed.',
          details: 'line 1\n```\nline 2',
        },
      ],
    })
    const f = family([e], { sources: [source('page', { kind: 'seed', title: 'The page', file: 'x.txt' })] })
    expect(eventView(f, e, pageAnchors(f)).pages).toEqual([
      {
        source: 'The page (`page`)',
        section: 'Events',
        says: [
          { label: 'Name', value: 'pushed' },
          { label: 'Says', value: 'A \\*file\\* was pushed.' },
        ],
        blocks: [{ label: '**Details:**', block: { fence: '````', lang: 'text', body: 'line 1\n```\nline 2' } }],
      },
    ])
  })
})

describe('sourcesTable', () => {
  it('says where each kind of source lives', () => {
    const sources = [
      source('seed', { kind: 'seed', title: 'Vendor page', file: '001.txt' }),
      source('main', { paths: ['a.go', 'b.go'] }),
      source('cap', { kind: 'capture', title: 'Capture', server: 'LXD 5.0.2', file: 'test/x.jsonl' }),
      source('ref', { kind: 'reference', title: 'Notes', file: 'lxd.md' }),
      source('web', { kind: 'docs', title: 'Docs', url: 'https://example.com/a' }),
    ]
    expect(sourcesTable(sources, true).rows.map((r) => r[3])).toEqual([
      'seed page `shared/seeds/001.txt`',
      '`acme/shop@abc123`: `a.go`, `b.go`',
      'captured from LXD 5.0.2, `test/x.jsonl`',
      'reference note `shared/reference/lxd.md`',
      '<https://example.com/a>',
    ])
    expect(sourcesTable(sources, false).rows[1]![3]).toBe('`acme/shop@abc123`')
  })
})

describe('family pages', () => {
  it('keeps the catalog order of events within a group, not the name order', () => {
    const b = event('b', { source: { file: 'shop/orders.yaml', line: 3, column: 1, pointer: '' } })
    const a = event('a', { source: { file: 'shop/orders.yaml', line: 9, column: 1, pointer: '' } })
    const view = familyView(family([a, b]))
    expect(view.groups[0]!.events.map((e) => e.name)).toEqual(['`b`', '`a`'])
  })

  it('gives every anchor a distinct, stable id', () => {
    const at = (line: number) => ({ source: { file: 'shop/orders.yaml', line, column: 1, pointer: '' } })
    const f = family([event('a_b', at(1)), event('a-b', at(2)), event('A B', at(3))])
    const anchors = pageAnchors(f)
    expect(['a_b', 'a-b', 'A B'].map((n) => anchors.event(n))).toEqual(['shop-a-b', 'shop-a-b-2', 'shop-a-b-3'])
    expect(anchors.group('orders')).toBe('shop-group-orders')
    expect(slug('events-hub-pdfm/VM_ADDED')).toBe('events-hub-pdfm-vm-added')
  })

  it('uses the i3D layout (service, example message column) when a group names its service', () => {
    const e = event('AIMCreate', { pages: [{ source: 'page', example: 'Application | instance create' }] })
    const view = familyView(family([e], { groups: [group('orders', { service: 'ha-aim' })] }))
    expect(view.groups[0]!.service).toBe('`ha-aim`')
    expect(view.groups[0]!.table!.header).toEqual(['Event name', 'Example message', 'Summary', 'Fields', 'Versions'])
    expect(view.groups[0]!.table!.rows[0]!.slice(0, 3)).toEqual([
      '[`AIMCreate`](#shop-aimcreate)',
      'Application \\| instance create',
      'AIMCreate happened.',
    ])
  })

  it('uses go-batcher bullet lists when every event of the group says what enables it', () => {
    const e = event('flush', { emitter: 'Batcher', gate: 'WithEmitFlush()', since: 'v2', sentBy: '>=v2' })
    const view = familyView(family([e]))
    expect(view.groups[0]!.table).toBeUndefined()
    expect(view.groups[0]!.list).toEqual([
      {
        label: '[`flush`](#shop-flush)',
        value: 'flush happened. Emitter: Batcher. Enabled by: WithEmitFlush(). Versions: since v2.',
      },
    ])
  })

  it('writes the LXD table (name, description, additional information, versions) otherwise', () => {
    const e = event('renamed', {
      since: '4.16',
      sentBy: '>=4.16',
      payload: { type: 'object', properties: { old_name: { type: 'string', description: 'the previous name.' } } },
    })
    expect(familyView(family([e])).groups[0]!.table).toEqual({
      header: ['Name', 'Description', 'Additional Information', 'Versions'],
      rows: [
        ['[`renamed`](#shop-renamed)', 'renamed happened.', '`old_name` (optional): the previous name.', 'since 4.16'],
      ],
    })
  })
})
