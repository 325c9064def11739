import { yamlString, type ScalarPlace } from './yaml-string.js'

// A YAML printer for plain data, for whole generated documents (the AsyncAPI ones are some 7 MB). It writes what the
// `yaml` library's `stringify(value, { aliasDuplicateObjects: false, lineWidth: 0, minContentWidth: 0 })` writes,
// byte for byte (but for the few strings whose bytes from it did not read back: `yaml-string.ts`), without building
// that library's node tree first (which cost some seven times as much): block mappings and sequences indented by two,
// `- ` items indented under their key, empty collections as `{}` and `[]`, no anchors or aliases (an object met twice
// is written twice), no folded lines, bigints as exact integers.

// A plain-scalar key longer than this is written as an explicit key (`? key`), as YAML limits implicit ones.
const MAX_IMPLICIT_KEY = 1024

type Plain = Record<string, unknown>

/**
 * `value` as a YAML 1.2 document that reads back (core schema; integers as bigints where they are) as the same data.
 * Objects' keys keep their order and an `undefined` property is left out, as JSON does; an `undefined` item is null.
 * Anything but plain objects, arrays, strings, finite or not numbers, bigints, booleans and null throws a TypeError.
 */
export function stringifyYaml(value: unknown): string {
  const out: string[] = []
  if (isCollection(value)) emitCollection(value, '', out)
  else out.push(scalar(value, { indent: '', key: false }))
  out.push('\n')
  return out.join('')
}

// A non-empty array or an object with a defined property: a block collection, else a scalar or `[]`/`{}`.
function isCollection(value: unknown): value is unknown[] | Plain {
  if (Array.isArray(value)) return value.length > 0
  if (!isPlainObject(value)) return false
  for (const key in value) if (value[key] !== undefined) return true
  return false
}

function isPlainObject(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

// A block collection whose first line goes where `out` stands; the lines after it start with `indent`.
function emitCollection(value: unknown[] | Plain, indent: string, out: string[]): void {
  if (Array.isArray(value)) emitSequence(value, indent, out)
  else emitMapping(value, indent, out)
}

function emitSequence(items: readonly unknown[], indent: string, out: string[]): void {
  const inner = indent + '  '
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.push('\n', indent)
    out.push('- ')
    const item = items[i]
    if (isCollection(item)) emitCollection(item, inner, out)
    else out.push(scalar(item, { indent: inner, key: false }))
  }
}

function emitMapping(map: Plain, indent: string, out: string[]): void {
  const inner = indent + '  '
  const keyPlace: ScalarPlace = { indent: inner, key: true }
  let first = true
  for (const key of Object.keys(map)) {
    const value = map[key]
    if (value === undefined) continue
    if (!first) out.push('\n', indent)
    first = false
    const text = yamlString(key, keyPlace)
    const explicit = text.length > MAX_IMPLICIT_KEY
    out.push(explicit ? `? ${text}\n${indent}:` : `${text}:`)
    if (isCollection(value)) {
      // After an explicit key's `:` the collection starts on that line (a compact one).
      out.push(explicit ? ' ' : '\n' + inner)
      emitCollection(value, inner, out)
    } else {
      const text = scalar(value, { indent: inner, key: false })
      out.push(text === '' || text.startsWith('\n') ? text : ' ' + text)
    }
  }
}

// Anything but a non-empty collection: an empty one, null, a boolean, a number, a bigint or a string.
function scalar(value: unknown, place: ScalarPlace): string {
  switch (typeof value) {
    case 'string':
      return yamlString(value, place)
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : JSON.stringify(value)) : nonFinite(value)
    case 'bigint':
      return String(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'undefined':
      return 'null'
    case 'object':
      if (value === null) return 'null'
      if (Array.isArray(value)) return '[]'
      if (isPlainObject(value)) return '{}'
  }
  const name = (value as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof value
  throw new TypeError(`stringifyYaml: cannot write a ${name} value as YAML (only plain data)`)
}

function nonFinite(value: number): string {
  return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf'
}
