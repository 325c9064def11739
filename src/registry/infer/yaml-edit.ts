// Edits to catalog YAML that keep every byte they do not change: the yaml library's Document API finds the nodes
// and writes the new ones; the new text is spliced into the file where the parser found its neighbours, so
// comments, key order, quoting, flow or block style and line folding elsewhere stay exactly as written.
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml'

/** Appends values to a sequence (created when missing); values it already has are skipped. */
export class Append {
  constructor(readonly values: readonly unknown[]) {}
}

/** Sets a scalar (added when missing). */
export class SetValue {
  constructor(readonly value: unknown) {}
}

/** Replaces a key and its value in place (`x-since: "5.19"` → `x-versions: ">=5.19 || 5.0.2"`). */
export class Rekey {
  constructor(
    readonly key: string,
    readonly value: unknown,
  ) {}
}

/** Inserts items into a sequence before the given indexes (the length appends). */
export class Insert {
  constructor(readonly items: readonly { readonly index: number; readonly value: unknown }[]) {}
}

/** Text written verbatim in place of a value (a JSON example, as the catalog writes them). */
export class Raw {
  constructor(readonly text: string) {}
}

/** What to change in one file: plain objects merge into the maps (or sequence items, by index) they name. */
export type Patch = { [key: string]: Patch | Append | SetValue | Rekey | Insert | Raw | unknown }

interface Splice {
  readonly at: number
  readonly remove: number
  readonly text: string
  readonly depth: number
}

/** Applies a patch to a YAML text; returns the new text (the same text when the patch changes nothing). */
export function applyPatch(text: string, patch: Patch): string {
  const doc = parseDocument(text)
  if (!isMap(doc.contents)) throw new Error('a catalog file is a YAML map')
  const splices: Splice[] = []
  walk(text, doc.contents, patch, 0, 0, splices)
  // Deeper edits first at one offset, so an inner map's new lines stay inside it.
  splices.sort((a, b) => b.at - a.at || a.depth - b.depth)
  let out = text
  for (const s of splices) out = out.slice(0, s.at) + s.text + out.slice(s.at + s.remove)
  return out
}

function walk(text: string, node: YAMLMap | YAMLSeq, patch: Patch, indent: number, depth: number, out: Splice[]): void {
  const added: [string, unknown][] = []
  for (const [key, change] of Object.entries(patch)) {
    const child = (isMap(node) ? node.get(key, true) : node.items[Number(key)]) as Node | undefined
    const has = isMap(node) ? node.has(key) : child !== undefined
    if (!has) {
      if (isMap(node)) added.push([change instanceof Rekey ? change.key : key, materialize(change)])
      continue
    }
    const childIndent = isMap(node) ? keyColumn(text, node, key) + 2 : itemColumn(text, child!) + 2
    if (change instanceof Append && isSeq(child))
      appendItems(text, child, change.values, childIndent - 2, depth + 1, out)
    else if (change instanceof Insert && isSeq(child)) insertItems(text, child, change, childIndent - 2, depth + 1, out)
    else if (change instanceof SetValue && isScalar(child) && child.range) {
      out.push({ at: child.range[0], remove: child.range[1] - child.range[0], text: flowText(change.value), depth })
    } else if (change instanceof Rekey && isMap(node) && isScalar(child) && child.range) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key)!
      const at = (pair.key as Node).range![0]
      const text = `${scalarText(change.key)}: ${flowText(change.value)}`
      out.push({ at, remove: child.range[1] - at, text, depth })
    } else if (isPlain(change) && (isMap(child) || isSeq(child)))
      walk(text, child, change as Patch, childIndent, depth + 1, out)
  }
  if (added.length > 0 && isMap(node)) addPairs(text, node, added, indent, depth, out)
}

function isPlain(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype
}

/** The value a patch entry stands for when its key is missing. */
function materialize(change: unknown): unknown {
  if (change instanceof Append) return [...change.values]
  if (change instanceof SetValue || change instanceof Rekey) return change.value
  if (change instanceof Insert) return change.items.map((i) => i.value)
  if (change instanceof Raw) return change
  if (isPlain(change)) return Object.fromEntries(Object.entries(change as Patch).map(([k, v]) => [k, materialize(v)]))
  return change
}

function addPairs(
  text: string,
  map: YAMLMap,
  pairs: [string, unknown][],
  indent: number,
  depth: number,
  out: Splice[],
): void {
  const range = map.range!
  if (map.flow) {
    const close = text.lastIndexOf('}', range[1] - 1)
    if (map.items.length === 0) {
      // `properties: {}` in block context becomes a block map on the following lines.
      const body = pairs.map(([k, v]) => blockText({ [k]: v }, indent)).join('')
      let at = range[0]
      while (text[at - 1] === ' ') at--
      out.push({ at, remove: close + 1 - at, text: `\n${body.replace(/\n$/, '')}`, depth })
    } else {
      const last = map.items[map.items.length - 1] as Pair<Node, Node | null>
      const at = (last.value ?? last.key)!.range![1]
      const body = pairs.map(([k, v]) => `, ${flowText({ [k]: v }).replace(/^\{ ?| ?\}$/g, '')}`).join('')
      out.push({ at, remove: 0, text: body, depth })
    }
    return
  }
  const column = map.items.length > 0 ? keyColumn(text, map, String((map.items[0] as Pair<Node>).key)) : indent
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null>
  const end = (last.value ?? last.key)?.range?.[1] ?? range[1]
  out.push({
    at: lineEnd(text, end),
    remove: 0,
    text: pairs.map(([k, v]) => blockText({ [k]: v }, column)).join(''),
    depth,
  })
}

function appendItems(
  text: string,
  seq: YAMLSeq,
  values: readonly unknown[],
  column: number,
  depth: number,
  out: Splice[],
): void {
  const have = new Set(seq.items.map((i) => JSON.stringify((i as Node).toJSON())))
  const fresh = values.filter((v) => !have.has(JSON.stringify(v)))
  if (fresh.length === 0) return
  insertItems(text, seq, new Insert(fresh.map((value) => ({ index: seq.items.length, value }))), column, depth, out)
}

function insertItems(text: string, seq: YAMLSeq, insert: Insert, column: number, depth: number, out: Splice[]): void {
  const range = seq.range!
  if (seq.flow) {
    const close = text.lastIndexOf(']', range[1] - 1)
    const items = insert.items.map((i) => flowText(i.value))
    const last = seq.items[seq.items.length - 1] as Node | undefined
    const at = last === undefined ? close : last.range![1]
    out.push({ at, remove: 0, text: (last === undefined ? '' : ', ') + items.join(', '), depth })
    return
  }
  const dash = seq.items.length > 0 ? itemColumn(text, seq.items[0] as Node) : column
  for (const { index, value } of insert.items) {
    const item = seq.items[index] as Node | undefined
    const at =
      item !== undefined
        ? lineStart(text, item.range![0])
        : lineEnd(text, (seq.items[seq.items.length - 1] as Node).range![1])
    out.push({ at, remove: 0, text: blockItem(value, dash), depth })
  }
}

/** `key: value` lines in block style at a column; scalar lists in flow style, Raw values verbatim. */
export function blockText(value: Record<string, unknown>, column: number): string {
  return indentLines(render(value), column)
}

function blockItem(value: unknown, column: number): string {
  if (value === null || typeof value !== 'object' || value instanceof Raw)
    return indentLines(`- ${flowText(value)}`, column)
  return indentLines(render([value]), column)
}

function render(value: unknown): string {
  const raws: string[] = []
  const doc = new Document(
    JSON.parse(
      JSON.stringify(value, (_k, v: unknown) => {
        if (v instanceof Raw) return `\u0000raw${raws.push(v.text) - 1}`
        return typeof v === 'bigint' ? `\u0000big${v.toString()}` : v
      }),
    ),
  )
  visit(doc, {
    Seq(_k, node) {
      if (node !== doc.contents && node.items.every((i) => isScalar(i))) node.flow = true
    },
  })
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true })
  return text.replace(/"\\0raw(\d+)"/g, (_m, i: string) => raws[Number(i)]!).replace(/"\\0big(\d+)"/g, '$1')
}

/** A value in flow style as the catalog writes it: `{ type: string, x-known: [a, b] }`. */
function flowText(value: unknown): string {
  if (value instanceof Raw) return value.text
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
    if (entries.length === 0) return '{}'
    return `{ ${entries.map(([k, v]) => `${scalarText(k)}: ${flowText(v)}`).join(', ')} }`
  }
  return scalarText(value)
}

// A scalar as YAML writes it, quoted when flow context would misread it.
function scalarText(value: unknown): string {
  const plain = new Document(value).toString({ lineWidth: 0 }).replace(/\n$/, '')
  return typeof value === 'string' && /[,[\]{}]/.test(plain) && !/^["']/.test(plain) ? JSON.stringify(value) : plain
}

function indentLines(text: string, column: number): string {
  const pad = ' '.repeat(column)
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n')
    .concat('\n')
}

function keyColumn(text: string, map: YAMLMap, key: string): number {
  const pair = map.items.find((p) => String((p.key as Node & { value?: unknown })?.toJSON?.() ?? p.key) === key)
  const start = (pair?.key as Node | undefined)?.range?.[0] ?? map.range![0]
  return start - (text.lastIndexOf('\n', start - 1) + 1)
}

function itemColumn(text: string, item: Node): number {
  // The item's dash: the last "-" before its content on its line (a block sequence item starts with "- ").
  const start = item.range![0]
  const lineAt = text.lastIndexOf('\n', start - 1) + 1
  const dash = text.lastIndexOf('-', start - 1)
  return dash >= lineAt ? dash - lineAt : start - lineAt
}

// The start of the line after the one an offset is on (the offset itself when it already starts a line).
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset
  const nl = text.indexOf('\n', offset)
  return nl < 0 ? text.length : nl + 1
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}

/** JSON with the catalog's spacing (`{"a": 1, "b": [2, 3]}`), bigints as digits: how examples are written. */
export function jsonText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(jsonText).join(', ')}]`
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${jsonText(v)}`)
    .join(', ')}}`
}
