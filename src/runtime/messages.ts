/** The parts of an ajv error evcat reads (ajv's ErrorObject, without importing ajv at run time). */
export interface AjvError {
  readonly keyword: string
  readonly instancePath: string
  readonly params: Readonly<Record<string, unknown>>
  readonly message?: string
}

/** One problem for people: where, what was expected, what was found; drift marks fields the catalog does not know. */
export interface Problem {
  readonly pointer: string
  readonly message: string
  readonly kind: 'contract' | 'drift'
}

/**
 * At most `max` characters of a text that came from a record, cut with `...` (never inside a surrogate pair):
 * a record can hold a string of any length, and a report should not grow with it.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 3
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return `${text.slice(0, end)}...`
}

/** A record's text quoted for a message: whole when short, else its start and its length. */
export function describeText(text: string): string {
  return text.length > 60 ? `${JSON.stringify(shorten(text, 60))} (${text.length} characters)` : JSON.stringify(text)
}

/** Describes a found value briefly: its JSON type, and the value itself when it is short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `array (${value.length} items)`
  if (typeof value === 'bigint') return `integer ${value.toString()}`
  if (typeof value === 'object') return 'object'
  if (typeof value === 'string') return `string ${describeText(value)}`
  // A double beyond 2^53 is no longer the number that was written; saying "integer" would hide that.
  if (typeof value === 'number')
    return `${Number.isSafeInteger(value) ? 'integer' : 'number'} ${value}${Number.isInteger(value) && !Number.isSafeInteger(value) ? ' (beyond 2^53, not exact)' : ''}`
  return `${typeof value} ${String(value)}`
}

/** Turns ajv's errors into people's messages (`/metadata/status_code: expected integer, got string "200"`). */
export function toProblems(
  errors: readonly AjvError[],
  base: string,
  valueAt: (pointer: string) => unknown,
): Problem[] {
  const out: Problem[] = []
  const seen = new Set<string>()
  for (const e of errors) {
    // Looked up by the whole pointer, shown by the short one.
    const full = base + e.instancePath
    const pointer = shortPointer(full)
    const p = e.params
    let problem: Problem
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(p['additionalProperty'])
        problem = {
          pointer: `${pointer}/${escape(shorten(key, MAX_KEY))}`,
          kind: 'drift',
          message: 'field not in the catalog',
        }
        break
      }
      case 'required':
        problem = {
          pointer: `${pointer}/${escape(String(p['missingProperty']))}`,
          kind: 'contract',
          message: 'required field is missing',
        }
        break
      case 'type':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected ${String(p['type']).replace(',', ' or ')}, got ${describeValue(valueAt(full))}`,
        }
        break
      case 'const':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected ${JSON.stringify(p['allowedValue'])}, got ${describeValue(valueAt(full))}`,
        }
        break
      case 'enum':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(valueAt(full))}`,
        }
        break
      case 'format':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected a ${String(p['format'])}${p['format'] === 'date-time' ? ' (RFC 3339)' : ''}, got ${describeValue(valueAt(full))}`,
        }
        break
      case 'x-bigint':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected an exact integer, got ${describeValue(valueAt(full))}`,
        }
        break
      default:
        problem = {
          pointer,
          kind: 'contract',
          message: `${e.message ?? `fails ${e.keyword}`}, got ${describeValue(valueAt(full))}`,
        }
    }
    const key = `${problem.pointer}\u0000${problem.message}`
    if (!seen.has(key)) {
      seen.add(key)
      out.push(problem)
    }
  }
  return out
}

// A key echoed in a pointer: a record's unknown key can be any length.
const MAX_KEY = 100

/** A pointer whose every segment is at most MAX_KEY characters (ajv's paths hold a record's own map keys). */
function shortPointer(pointer: string): string {
  if (pointer.length <= MAX_KEY) return pointer
  return pointer
    .split('/')
    .map((segment) => shorten(segment, MAX_KEY))
    .join('/')
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}
