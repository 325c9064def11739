import { escapeSegment, toPath } from './pointer.js'
/** The parts of an ajv error evcat reads (ajv's ErrorObject, without importing ajv at run time). */
export interface AjvError {
  readonly keyword: string
  readonly instancePath: string
  readonly schemaPath?: string
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
  const push = (problem: Problem): void => {
    const key = `${problem.pointer}\u0000${problem.message}`
    if (!seen.has(key)) {
      seen.add(key)
      out.push(problem)
    }
  }
  const choices = failedChoices(errors)
  for (const e of errors) {
    // An if/then rule fails through its `then`, whose own errors say what is wrong.
    if (e.keyword === 'if') continue
    const choice = choices.find((c) => c.error === e)
    if (choice !== undefined) {
      for (const problem of describeChoice(choice, base, valueAt)) push(problem)
      continue
    }
    if (choices.some((c) => c.branchErrors.includes(e))) continue
    push(describeError(e, base, valueAt))
  }
  return out
}

function describeError(e: AjvError, base: string, valueAt: (pointer: string) => unknown): Problem {
  // Looked up by the whole pointer, shown by the short one.
  const full = base + e.instancePath
  const pointer = shortPointer(full)
  const p = e.params
  const got = (): string => describeValue(valueAt(full))
  // A value fixed by an if/then rule depends on the object's other fields (LXD's status for its status_code).
  const given =
    e.schemaPath !== undefined && e.schemaPath.includes('/then/') ? ' for the values of its sibling fields' : ''
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p['additionalProperty'])
      return {
        pointer: `${pointer}/${escapeSegment(shorten(key, MAX_KEY))}`,
        kind: 'drift',
        message: 'field not in the catalog',
      }
    }
    case 'required':
      return {
        pointer: `${pointer}/${escapeSegment(String(p['missingProperty']))}`,
        kind: 'contract',
        message: 'required field is missing',
      }
    case 'type':
      return { pointer, kind: 'contract', message: `expected ${String(p['type']).replace(',', ' or ')}, got ${got()}` }
    case 'const':
      return {
        pointer,
        kind: 'contract',
        message: `expected ${JSON.stringify(p['allowedValue'])}${given}, got ${got()}`,
      }
    case 'enum':
      return {
        pointer,
        kind: 'contract',
        message: `expected one of ${list(p['allowedValues'] as unknown[])}${given}, got ${got()}`,
      }
    case 'format':
      return {
        pointer,
        kind: 'contract',
        message: `expected a ${String(p['format'])}${p['format'] === 'date-time' ? ' (RFC 3339)' : ''}, got ${got()}`,
      }
    case 'x-bigint':
      return { pointer, kind: 'contract', message: `expected an exact integer, got ${got()}` }
    case 'x-count-equals': {
      const count = `${full}/${escapeSegment(String(p['count']))}`
      const items = valueAt(`${full}/${escapeSegment(String(p['items']))}`)
      const n = Array.isArray(items) ? items.length : 0
      return {
        pointer: count,
        kind: 'contract',
        message: `expected ${n} (the number of items in ${String(p['items'])}), got ${describeValue(valueAt(count))}`,
      }
    }
    default:
      return { pointer, kind: 'contract', message: `${e.message ?? `fails ${e.keyword}`}, got ${got()}` }
  }
}

/** A failed `anyOf`/`oneOf`, with the errors of its branches (found by their schema path). */
interface FailedChoice {
  readonly error: AjvError
  readonly branchErrors: readonly AjvError[]
  /** The branch errors, per branch index. */
  readonly branches: ReadonlyMap<string, readonly AjvError[]>
}

function failedChoices(errors: readonly AjvError[]): FailedChoice[] {
  const out: FailedChoice[] = []
  errors.forEach((e, at) => {
    if ((e.keyword !== 'anyOf' && e.keyword !== 'oneOf') || e.schemaPath === undefined) return
    const prefix = `${e.schemaPath}/`
    const root = rootOf(e.schemaPath)
    const branches = new Map<string, AjvError[]>()
    const branchErrors: AjvError[] = []
    // ajv reports a failed choice right after its branches' errors. A branch's own errors sit under the choice's
    // schema path; those of a schema a branch refers to sit under that schema's id, so they are found by place:
    // the run just before the choice, about the same part of the message.
    for (let i = at - 1; i >= 0; i--) {
      const x = errors[i]!
      if (x.schemaPath === undefined) break
      const own = x.schemaPath.startsWith(prefix)
      const referred = !own && rootOf(x.schemaPath) !== root && within(x.instancePath, e.instancePath)
      if (!own && !referred) break
      const branch = own ? x.schemaPath.slice(prefix.length).split('/')[0]! : `ref ${rootOf(x.schemaPath)}`
      branches.set(branch, [x, ...(branches.get(branch) ?? [])])
      branchErrors.unshift(x)
    }
    out.push({ error: e, branchErrors, branches })
  })
  // An inner choice's errors are also under an outer one's prefix: the outer choice describes them.
  return out.filter((c) => !out.some((o) => o !== c && o.branchErrors.includes(c.error)))
}

/** The schema a schema path belongs to: its id, or `#` for the validator's own root. */
function rootOf(schemaPath: string): string {
  const hash = schemaPath.indexOf('#')
  if (hash >= 0) return schemaPath.slice(0, hash)
  const slash = schemaPath.indexOf('/')
  return slash < 0 ? schemaPath : schemaPath.slice(0, slash)
}

function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`)
}

/** One failed choice for people: the allowed values, the combination of fields, or its closest branch. */
function describeChoice(choice: FailedChoice, base: string, valueAt: (pointer: string) => unknown): Problem[] {
  const e = choice.error
  const full = base + e.instancePath
  const pointer = shortPointer(full)
  if (e.keyword === 'oneOf' && Array.isArray(e.params['passingSchemas'])) {
    return [{ pointer, kind: 'contract', message: 'matches more than one allowed shape (oneOf)' }]
  }
  const errs = choice.branchErrors
  const valuesOnly = errs.length > 0 && errs.every((x) => x.keyword === 'enum' || x.keyword === 'const')
  // Every branch names allowed values of this very field (a value set that differs by version): one list.
  if (valuesOnly && errs.every((x) => x.instancePath === e.instancePath)) {
    const allowed = errs.flatMap((x) =>
      x.keyword === 'enum' ? (x.params['allowedValues'] as unknown[]) : [x.params['allowedValue']],
    )
    const unique = [...new Map(allowed.map((v) => [JSON.stringify(v), v])).values()]
    return [
      { pointer, kind: 'contract', message: `expected one of ${list(unique)}, got ${describeValue(valueAt(full))}` },
    ]
  }
  // Branches that fix several fields together (pairs): name the fields and what they hold.
  const fields = [...new Set(errs.map((x) => x.instancePath))]
  if (
    valuesOnly &&
    fields.every((f) => f.startsWith(`${e.instancePath}/`) && !f.slice(e.instancePath.length + 1).includes('/'))
  ) {
    const got = fields.map((f) => `${unescape(f.slice(e.instancePath.length + 1))} ${describeValue(valueAt(base + f))}`)
    const names = fields.map((f) => unescape(f.slice(e.instancePath.length + 1)))
    return [
      {
        pointer,
        kind: 'contract',
        message: `${names.join(' and ')} are not an allowed combination, got ${got.join(', ')}`,
      },
    ]
  }
  // Otherwise the shape is one of several: report the branch that came closest (fewest errors).
  let best: readonly AjvError[] | undefined
  for (const branch of choice.branches.values()) if (best === undefined || branch.length < best.length) best = branch
  if (best === undefined)
    return [
      {
        pointer,
        kind: 'contract',
        message: `matches none of the allowed shapes, got ${describeValue(valueAt(full))}`,
      },
    ]
  return best.map((x) => describeError(x, base, valueAt))
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

function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ')
}

function unescape(segment: string): string {
  return toPath(`/${segment}`)[0]!
}
