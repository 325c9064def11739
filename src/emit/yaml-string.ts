// How one string is written as a YAML scalar: plain when a YAML 1.2 core-schema reader takes it back as the same
// string, else single- or double-quoted, or a literal block when it has line breaks. The choices (and so the bytes)
// are those of the `yaml` library's stringifyString with `lineWidth: 0` (no folding) and its default options, so
// that out/ did not change when evcat stopped running that library to print documents.

/** Where a scalar is written: its indentation (two spaces per level; '' only for a document that is one scalar). */
export interface ScalarPlace {
  readonly indent: string
  /** A mapping key: one line, never a block. */
  readonly key: boolean
}

// Control characters (tab and line feed aside), C1 controls and lone surrogates: only double quotes escape them.
const NEEDS_ESCAPE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u
// What a plain scalar cannot start with, hold or end with: an indicator, ': ', ' #', whitespace at an end or
// around a line break, or a lone '-' or '?'.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/
// A line that a YAML 1.1 reader would take for a directive or a document marker.
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m
// What the core schema reads as null, a boolean, an integer (decimal, 0o, 0x) or a float.
const CORE_NON_STRING = new RegExp(
  [
    /^(?:~|[Nn]ull|NULL)?$/,
    /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    /^0o[0-7]+$/,
    /^[-+]?[0-9]+$/,
    /^0x[0-9a-fA-F]+$/,
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
  ]
    .map((r) => `(?:${r.source})`)
    .join('|'),
)
// Runs of line breaks inside a block's trailing whitespace that are followed by more of it.
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g
// YAML's short escapes for what JSON writes as \u00XX or \uXXXX.
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '0000': '\\0',
  '0007': '\\a',
  '000b': '\\v',
  '001b': '\\e',
  '0085': '\\N',
  '00a0': '\\_',
  '2028': '\\L',
  '2029': '\\P',
}
// Below this length (of the JSON form) a double-quoted string keeps its line breaks as \n.
const MIN_MULTILINE_LENGTH = 40

/** `value` as a YAML scalar at `place`: reads back as exactly `value`. */
export function yamlString(value: string, place: ScalarPlace): string {
  if (NEEDS_ESCAPE.test(value)) return doubleQuoted(value, place)
  const { indent, key } = place
  const multiline = value.includes('\n')
  if (key && multiline) return quoted(value, place)
  if (NOT_PLAIN.test(value)) return key || !multiline ? quoted(value, place) : literalBlock(value, indent, false)
  if (multiline) return literalBlock(value, indent, false)
  if (DOCUMENT_MARKER.test(value)) {
    if (indent === '') return literalBlock(value, indent, true)
    if (key && indent === '  ') return quoted(value, place)
  }
  return CORE_NON_STRING.test(value) ? quoted(value, place) : value
}

// Single quotes when the string has double quotes and no single ones; double quotes otherwise.
function quoted(value: string, place: ScalarPlace): string {
  return value.includes('"') && !value.includes("'") ? singleQuoted(value, place) : doubleQuoted(value, place)
}

function singleQuoted(value: string, place: ScalarPlace): string {
  // A single-quoted line break eats the whitespace around it, and a key cannot span lines.
  if ((place.key && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) return doubleQuoted(value, place)
  const indent = place.indent || (DOCUMENT_MARKER.test(value) ? '  ' : '')
  return "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'"
}

// JSON's escapes, YAML's short forms where it has them, and (outside keys, for longer strings) each run of line
// breaks written as real ones: a double-quoted scalar folds one line break away, so n breaks are n + 1 lines.
function doubleQuoted(value: string, place: ScalarPlace): string {
  const json = JSON.stringify(value)
  const indent = place.indent || (DOCUMENT_MARKER.test(value) ? '  ' : '')
  const breakLines = !place.key && json.length >= MIN_MULTILINE_LENGTH
  let str = ''
  let start = 0
  for (let i = 0; i < json.length; i++) {
    let ch = json[i]
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a line break would be folded away: escape it.
      str += json.slice(start, i) + '\\ '
      i += 1
      start = i
      ch = '\\'
    }
    if (ch !== '\\') continue
    const next = json[i + 1]
    if (next === 'u') {
      const code = json.slice(i + 2, i + 6)
      str +=
        json.slice(start, i) + (SHORT_ESCAPES[code] ?? (code.startsWith('00') ? '\\x' + code.slice(2) : '\\u' + code))
      i += 5
      start = i + 1
    } else if (next === 'n' && breakLines && json[i + 2] !== '"') {
      str += json.slice(start, i) + '\n\n'
      while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
        str += '\n'
        i += 2
      }
      // A space after a line break would be folded away too; one before another line break is escaped above (the
      // yaml library escaped it twice here, writing `\\ `, which reads back as a backslash).
      const spaceBeforeBreak = json[i + 3] === '\\' && json[i + 4] === 'n'
      str += json[i + 2] === ' ' && !spaceBeforeBreak ? indent + '\\' : indent
      i += 1
      start = i + 1
    } else i += 1
  }
  return start ? str + json.slice(start) : json
}

// A literal block (`|`), with a chomping indicator for how it ends and an indentation indicator when its first
// line starts with a space. A string whose last line is only whitespace is quoted instead.
// Two cases where the `yaml` library's own bytes do not read back, and so the only ones where these differ: a string
// of whitespace and line breaks with a space before its first tab is quoted too (in a block, a reader takes those
// spaces for indentation: ` \n` came back as `\n`), and a whole-document block whose first line starts with a space is
// indented by two (its `|1` came back without that space).
function literalBlock(value: string, placeIndent: string, forceIndent: boolean): string {
  if (/\n[\t ]+$|^[\n ]* [\t\n ]*$/.test(value)) return quoted(value, { indent: placeIndent, key: false })
  const rootLeadingSpace = placeIndent === '' && /^[\n ]* /.test(value)
  const indent = placeIndent || (forceIndent || rootLeadingSpace || DOCUMENT_MARKER.test(value) ? '  ' : '')
  if (!value) return '|\n'
  const { body, end, chomp } = blockEnd(value, indent)
  const { start, rest, leadingSpace } = blockStart(body, indent)
  const header = (leadingSpace ? (indent ? '2' : '1') : '') + chomp
  return `|${header}\n${indent}${start}${rest.replace(/\n+/g, `$&${indent}`)}${end}`
}

// The trailing whitespace of a block and how to keep it: '-' strips the last line break, '' keeps one, '+' all.
function blockEnd(value: string, indent: string): { body: string; end: string; chomp: string } {
  let endStart = value.length
  while (endStart > 0) {
    const ch = value[endStart - 1]
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break
    endStart--
  }
  let end = value.substring(endStart)
  const endNl = end.indexOf('\n')
  const chomp = endNl === -1 ? '-' : value === end || endNl !== end.length - 1 ? '+' : ''
  let body = value
  if (end) {
    body = value.slice(0, -end.length)
    if (end.endsWith('\n')) end = end.slice(0, -1)
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`)
  }
  return { body, end, chomp }
}

// The leading blank lines of a block, indented, and whether its first line starts with a space.
function blockStart(body: string, indent: string): { start: string; rest: string; leadingSpace: boolean } {
  let leadingSpace = false
  let startEnd = 0
  let lastNl = -1
  for (; startEnd < body.length; startEnd++) {
    const ch = body[startEnd]
    if (ch === ' ') leadingSpace = true
    else if (ch === '\n') lastNl = startEnd
    else break
  }
  const start = body.substring(0, lastNl < startEnd ? lastNl + 1 : startEnd)
  if (!start) return { start, rest: body, leadingSpace }
  return { start: start.replace(/\n+/g, `$&${indent}`), rest: body.substring(start.length), leadingSpace }
}
