import type { SourceDef } from '../../src/catalog/types.js'
import type { EventModel, FamilyModel, GroupModel } from '../../src/model/types.js'

/**
 * Splits one GFM table row into its cells the way GitHub does: a backslash escapes the next character,
 * and every other `|` separates cells; the leading and trailing pipes are dropped.
 */
export function splitRow(row: string): string[] {
  const text = row.trim().replace(/^\|/, '')
  const cells: string[] = []
  let cell = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\\' && i + 1 < text.length) {
      cell += c + text[i + 1]
      i++
    } else if (c === '|') {
      cells.push(cell.trim())
      cell = ''
    } else cell += c
  }
  if (cell.trim() !== '') cells.push(cell.trim())
  return cells
}

/** Problems with a page's Markdown structure: table rows whose cell count differs from their header, unclosed fences. */
export function structureProblems(page: string): string[] {
  const problems: string[] = []
  const lines = page.split('\n')
  let fence: string | undefined
  let header: number | undefined
  lines.forEach((line, i) => {
    if (fence !== undefined) {
      if (line.startsWith(fence) && line.slice(fence.length).trim() === '' && /^`+$/.test(line.trim()))
        fence = undefined
      return
    }
    const open = /^(`{3,})[a-z]*$/.exec(line)
    if (open !== null) {
      fence = open[1]
      header = undefined
      return
    }
    if (line.startsWith('|')) {
      const n = splitRow(line).length
      if (header === undefined) header = n
      else if (n !== header) problems.push(`line ${i + 1}: ${n} cells, header has ${header}: ${line.slice(0, 120)}`)
    } else header = undefined
  })
  if (fence !== undefined) problems.push(`unclosed fence ${fence}`)
  return problems
}

const LOCATION = { file: 'shop/family.yaml', line: 1, column: 1, pointer: '' }

/** A hand-built source. */
export function source(id: string, extra: Partial<SourceDef> = {}): SourceDef {
  return { id, kind: 'upstream', title: `the ${id} code`, repo: 'acme/shop', commit: 'abc123', ...extra }
}

/** A hand-built group of the `shop` family. */
export function group(id: string, extra: Partial<GroupModel> = {}): GroupModel {
  return {
    kind: 'group',
    id,
    title: `${id} events`,
    direction: 'server',
    key: '/action',
    payloadAt: '/data',
    schema: {},
    sources: [],
    ...extra,
  }
}

/** A hand-built event of the `shop` family; its schema is a small envelope around `payload` at `/data`. */
export function event(name: string, extra: Partial<EventModel> = {}): EventModel {
  const payload = extra.payload ?? { type: 'object', properties: {} }
  return {
    kind: 'event',
    family: 'shop',
    group: 'orders',
    direction: 'server',
    name,
    typeName: `Shop${name}Event`,
    summary: `${name} happened.`,
    match: { '/type': 'order', '/action': name },
    payloadAt: '/data',
    schema: {
      type: 'object',
      required: ['type', 'action'],
      properties: { type: { const: 'order' }, action: { const: name }, data: payload },
    },
    sources: [],
    pages: [],
    examples: [],
    corrections: [],
    notes: [],
    source: { file: 'shop/orders.yaml', line: 1, column: 1, pointer: '' },
    payload,
    ...extra,
  }
}

/** A hand-built `shop` family. */
export function family(events: readonly EventModel[], extra: Partial<FamilyModel> = {}): FamilyModel {
  return {
    kind: 'family',
    id: 'shop',
    typePrefix: 'Shop',
    title: 'Shop events',
    summary: 'What the shop sends.',
    transport: { kind: 'websocket', endpoint: '/events' },
    discriminator: ['/type', '/action'],
    envelope: { type: 'object' },
    definitions: {},
    sources: [],
    groups: [group('orders')],
    events,
    notes: [],
    source: LOCATION,
    ...extra,
  }
}
