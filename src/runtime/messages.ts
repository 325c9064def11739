import { escapeSegment } from './pointer.js'

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

/** Describes a found value briefly: its JSON type, and the value itself when it is short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `array (${value.length} items)`
  if (typeof value === 'bigint') return `integer ${value.toString()}`
  if (typeof value === 'object') return 'object'
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value)}`
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
    const pointer = base + e.instancePath
    const p = e.params
    let problem: Problem
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(p['additionalProperty'])
        problem = {
          pointer: `${pointer}/${escapeSegment(key)}`,
          kind: 'drift',
          message: 'field not in the catalog (drift)',
        }
        break
      }
      case 'required':
        problem = {
          pointer: `${pointer}/${escapeSegment(String(p['missingProperty']))}`,
          kind: 'contract',
          message: 'required field is missing',
        }
        break
      case 'type':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected ${String(p['type']).replace(',', ' or ')}, got ${describeValue(valueAt(pointer))}`,
        }
        break
      case 'const':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected ${JSON.stringify(p['allowedValue'])}, got ${describeValue(valueAt(pointer))}`,
        }
        break
      case 'enum':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(valueAt(pointer))}`,
        }
        break
      case 'format':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected a ${String(p['format'])}${p['format'] === 'date-time' ? ' (RFC 3339)' : ''}, got ${describeValue(valueAt(pointer))}`,
        }
        break
      case 'x-bigint':
        problem = {
          pointer,
          kind: 'contract',
          message: `expected an exact integer, got ${describeValue(valueAt(pointer))}`,
        }
        break
      default:
        problem = {
          pointer,
          kind: 'contract',
          message: `${e.message ?? `fails ${e.keyword}`}, got ${describeValue(valueAt(pointer))}`,
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
