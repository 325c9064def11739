/**
 * JSON.stringify that writes bigints as exact number tokens (JSON.stringify throws on them), so
 * 19-digit ids round-trip digit for digit. `space` is passed through.
 */
export function stringifyExact(value: unknown, space?: number): string {
  let clash = false
  // Bigints travel as a marked string and are unquoted after; a real string starting with U+0000
  // could look the same, so such input takes the slower exact path instead.
  const out = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return `\u0000${v.toString()}`
      if (typeof v === 'string' && v.startsWith('\u0000')) clash = true
      return v
    },
    space,
  )
  return clash ? slowStringify(value, space ?? 0, '') : out.replace(/"\\u0000(-?\d+)"/g, '$1')
}

function slowStringify(value: unknown, space: number, indent: string): string {
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  const inner = indent + ' '.repeat(space)
  const nl = space > 0 ? '\n' : ''
  const sep = space > 0 ? ': ' : ':'
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[${nl}${value.map((v) => inner + slowStringify(v, space, inner)).join(`,${nl}`)}${nl}${indent}]`
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function')
  if (entries.length === 0) return '{}'
  return `{${nl}${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}${sep}${slowStringify(v, space, inner)}`).join(`,${nl}`)}${nl}${indent}}`
}
