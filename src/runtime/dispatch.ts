import { shorten, toProblems, type AjvError, type Problem } from './messages.js'
import { reparseExact } from './parse.js'
import { toPath, valueAt, type Path } from './pointer.js'
import { tableForServer, type VersionView } from './server-view.js'

/** A precompiled ajv validator, as ajv's standalone code exports it. */
export interface ValidateFn {
  (data: unknown): boolean
  errors?: readonly AjvError[] | null
}

/** One event in a generated family table. */
export interface EventEntry {
  readonly name: string
  readonly group: string
  /** Its values along the family's discriminator, in order. */
  readonly match: readonly string[]
  /** Validates the part at its group's payloadAt (the whole message when payloadAt is ""). */
  readonly validate: ValidateFn
  /** For an event with fields of its own outside payloadAt: validates the message around it, instead of the group. */
  readonly around?: ValidateFn
}

/** One group in a generated family table. */
export interface GroupEntry {
  readonly id: string
  readonly direction: 'server' | 'client'
  readonly match: readonly string[]
  readonly payloadAt: string
  /** Top-level keys every message of this group has; how a record is matched to a family. */
  readonly detect: readonly string[]
  /**
   * Validates the message around the payload (with payloadAt "", the whole message, used only for the group's
   * unknown events, since its events' validators see the whole message); null in tables from before 0.2.
   */
  readonly validate: ValidateFn | null
}

/** What the validators generator emits for one family. */
export interface FamilyTable {
  readonly family: string
  readonly discriminator: readonly string[]
  readonly envelope: ValidateFn
  readonly groups: readonly GroupEntry[]
  readonly events: readonly EventEntry[]
  /** Whether some schema of the family holds exact big integers (`x-bigint`); absent means it may. */
  readonly exactIntegers?: boolean
  /** Each known server version's validators (`--server`), in ascending version order; absent when none are known. */
  readonly versions?: Readonly<Record<string, VersionView>>
}

/** Options of `createDispatcher`. */
export interface DispatchOptions {
  /** Judge every record as this family's. @default detect the family per record */
  readonly family?: string
  /**
   * Server version per family (`{ lxd: '5.0.2' }`), spelled as the table's `versions` keys: that family's records
   * are judged as that version sends them. @default what any known version sends
   */
  readonly servers?: Readonly<Record<string, string>>
}

/** The verdict on one record. */
export interface Verdict {
  readonly family?: string
  readonly event?: string
  readonly status: 'valid' | 'invalid' | 'drift'
  readonly problems: readonly Problem[]
}

const EMPTY: readonly Problem[] = Object.freeze([])

// An unknown event's name as reports show it: a record can make it any length, a report should not grow with it.
const MAX_NAME = 100

/** One level of the discriminator tree: the event a value completes, or the next level to read. */
interface Level {
  readonly hits: Map<string, { entry: EventEntry; group: GroupEntry; at: Path; valid: Verdict }>
  readonly next: Map<string, Level>
}

interface Prepared {
  readonly table: FamilyTable
  readonly paths: readonly Path[]
  /** The discriminator tree per direction, read one pointer at a time with the raw values: no key strings built. */
  readonly roots: Readonly<Record<'server' | 'client', Level>>
  readonly groups: Map<string, GroupEntry>
  readonly detect: readonly { readonly keys: readonly string[]; readonly direction: 'server' | 'client' }[]
  /** The top-level key of the first discriminator pointer (`type`, `event_type`, `name`, `code`): the fast family test. */
  readonly firstKey: string
  /** For a family with messages both ways: the server envelope's keys, which tell the two apart; else null. */
  readonly serverKeys: readonly string[] | null
  /** With a server version: the version, and the events it never sends, by direction and discriminator values. */
  readonly server?: { readonly version: string; readonly absent: ReadonlyMap<string, string> }
}

/**
 * Builds the record → verdict function over generated family tables; `family` forces one family. Given the
 * record's JSON `text` as well (the value being `JSON.parse(text)`), it parses the text again exactly when the
 * record's family holds exact big integers and the text has a long integer; other records cost nothing more.
 * A `text` with a string that spells evcat's exact-integer marker throws a SyntaxError.
 */
export function createDispatcher(
  tables: readonly FamilyTable[],
  options: DispatchOptions = {},
): (value: unknown, text?: string) => Verdict {
  const prepared = tables
    .filter((t) => options.family === undefined || t.family === options.family)
    .map((t) => {
      const version = options.servers?.[t.family]
      return version === undefined ? prepare(t) : prepareServer(t, version)
    })
  return (value, text) => {
    const p = prepared.length === 1 ? prepared[0]! : detectFamily(prepared, value)
    if (p === undefined) {
      const wanted = prepared.map((x) => `${x.table.family} (${x.detect[0]?.keys.join(', ')})`).join('; ')
      return {
        status: 'invalid',
        problems: [
          {
            pointer: '',
            kind: 'contract',
            message: `matches no family's envelope; expected the keys of one of: ${wanted}`,
          },
        ],
      }
    }
    const exact = text === undefined || p.table.exactIntegers === false ? value : reparseExact(text, value)
    return dispatch(p, exact as Record<string, unknown>)
  }
}

function prepare(table: FamilyTable): Prepared {
  const groupsById = new Map(table.groups.map((g) => [g.id, g]))
  const level = (): Level => ({ hits: new Map(), next: new Map() })
  const roots = { server: level(), client: level() }
  for (const e of table.events) {
    const group = groupsById.get(e.group)!
    // One frozen verdict per event: a valid record (nearly all of them) allocates nothing here.
    const valid: Verdict = Object.freeze({ family: table.family, event: e.name, status: 'valid', problems: EMPTY })
    let node = roots[group.direction]
    e.match.forEach((v, i) => {
      if (i === e.match.length - 1) node.hits.set(v, { entry: e, group, at: toPath(group.payloadAt), valid })
      else {
        let child = node.next.get(v)
        if (child === undefined) node.next.set(v, (child = level()))
        node = child
      }
    })
  }
  const groups = new Map<string, GroupEntry>()
  for (const g of table.groups) if (g.match.length > 0) groups.set(`${g.direction}\u0000${g.match.join('\u0000')}`, g)
  // A direction's detect keys are the ones every group of it shares (Events Hub's pong has no body, the others do).
  const detect: { keys: readonly string[]; direction: 'server' | 'client' }[] = []
  for (const direction of ['server', 'client'] as const) {
    const gs = table.groups.filter((g) => g.direction === direction)
    if (gs.length === 0) continue
    detect.push({ keys: gs.map((g) => g.detect).reduce((a, b) => a.filter((k) => b.includes(k))), direction })
  }
  const paths = table.discriminator.map(toPath)
  const server = detect.find((d) => d.direction === 'server')
  const serverKeys = server !== undefined && detect.length > 1 ? server.keys : null
  return { table, paths, roots, groups, detect, firstKey: paths[0]![0] ?? '', serverKeys }
}

/** A table prepared for one server version: its validators, and the events it never sends (drift, named as such). */
function prepareServer(table: FamilyTable, version: string): Prepared {
  const st = tableForServer(table, version)
  const groups = new Map(table.groups.map((g) => [g.id, g.direction]))
  const absent = new Map(st.absent.map((e) => [`${groups.get(e.group)}\u0000${e.match.join('\u0000')}`, e.name]))
  return { ...prepare(st.table), server: { version, absent } }
}

/** The family whose envelope keys the record has; with none complete, the one it has most of (to say what is missing). */
function detectFamily(prepared: readonly Prepared[], value: unknown): Prepared | undefined {
  // Fast path: exactly one family's first discriminator key is present (the usual case: 4 property tests).
  let only: Prepared | undefined
  let count = 0
  for (const p of prepared) {
    if (Object.prototype.hasOwnProperty.call(value, p.firstKey)) {
      only = p
      count++
    }
  }
  if (count === 1) return only
  let best: Prepared | undefined
  let bestScore = 0
  for (const p of prepared) {
    for (const d of p.detect) {
      let have = 0
      for (const k of d.keys) if (Object.prototype.hasOwnProperty.call(value, k)) have++
      // Complete matches outrank partial ones; among complete ones, the more specific envelope wins.
      const score = have === d.keys.length ? 1000 + have : have / (d.keys.length + 1)
      if (score > bestScore) {
        bestScore = score
        best = p
      }
    }
  }
  return best
}

function dispatch(p: Prepared, value: Record<string, unknown>): Verdict {
  // A family with client messages (Events Hub) tells them apart by the server envelope's keys.
  const direction = p.serverKeys === null || hasAll(value, p.serverKeys) ? 'server' : 'client'
  let node: Level | undefined = p.roots[direction]
  for (const path of p.paths) {
    const raw = valueAt(value, path)
    if (typeof raw !== 'string' && typeof raw !== 'number') break
    const key = typeof raw === 'string' ? raw : String(raw)
    const hit = node.hits.get(key)
    if (hit !== undefined) {
      const problems = runEvent(hit.entry, hit.group, hit.at, value)
      return problems === EMPTY ? hit.valid : verdict(p.table.family, hit.entry.name, problems)
    }
    node = node.next.get(key)
    if (node === undefined) break
  }
  return unknownEvent(p, value, direction)
}

function hasAll(value: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const k of keys) if (!Object.prototype.hasOwnProperty.call(value, k)) return false
  return true
}

/** Not an event the catalog knows: check what can be checked (its group, or the envelope) and call it drift. */
function unknownEvent(p: Prepared, value: Record<string, unknown>, direction: 'server' | 'client'): Verdict {
  // Walk the discriminator again (the hot path keeps no list) to find where the trail went cold: a value that
  // is missing, or one that no event has there. That pointer is where the problem is.
  const seen: string[] = []
  let node: Level | undefined = p.roots[direction]
  let cold = 0
  let missing = false
  for (; cold < p.paths.length; cold++) {
    const raw = valueAt(value, p.paths[cold]!)
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      missing = true
      break
    }
    seen.push(typeof raw === 'string' ? raw : String(raw))
    node = node?.next.get(seen[cold]!)
    if (node === undefined) break
  }
  let group: GroupEntry | undefined
  for (let n = seen.length; n > 0 && group === undefined; n--)
    group = p.groups.get(`${direction}\u0000${seen.slice(0, n).join('\u0000')}`)
  // A direction with one group and no values of its own (Events Hub's client frames) judges by that group.
  const only = p.table.groups.filter((g) => g.direction === direction)
  if (group === undefined && only.length === 1) group = only[0]
  const fn = group?.validate ?? p.table.envelope
  const problems = [...run(fn, value, '', value)]
  const at = p.table.discriminator[Math.min(cold, p.table.discriminator.length - 1)]!
  // Each part is cut before they are joined: a 50 MB `type` is never copied whole.
  const length = seen.reduce((n, v) => n + v.length + 1, -1)
  const name = seen.length > 0 ? shorten(seen.map((v) => shorten(v, MAX_NAME)).join('/'), MAX_NAME) : undefined
  const quoted =
    name === undefined ? '' : JSON.stringify(name) + (length > name.length ? ` (${length} characters)` : '')
  const notSent = p.server?.absent.get(`${direction}\u0000${seen.join('\u0000')}`)
  problems.push({
    pointer: at,
    kind: 'drift',
    message: missing
      ? 'no value here to find the event by'
      : notSent !== undefined
        ? `event not sent by ${p.table.family} ${p.server!.version}: ${quoted} (other versions send it)`
        : `event not in the catalog: ${quoted}`,
  })
  return verdict(p.table.family, name, problems)
}

function runEvent(entry: EventEntry, group: GroupEntry, at: Path, value: unknown): readonly Problem[] {
  const outer = entry.around ?? (group.payloadAt === '' ? null : group.validate)
  if (outer === null) return run(entry.validate, value, '', value)
  const around = run(outer, value, '', value)
  // An absent payload (LXD omits an empty context) is checked as {}, so its required fields are still reported.
  const part = valueAt(value, at)
  const own = run(entry.validate, part === undefined ? {} : part, group.payloadAt, value)
  if (around === EMPTY) return own
  return own === EMPTY ? around : [...around, ...own]
}

function run(fn: ValidateFn, data: unknown, base: string, whole: unknown): readonly Problem[] {
  if (fn(data)) return EMPTY
  return toProblems(fn.errors ?? [], base, (pointer) => valueAt(whole, toPath(pointer)))
}

function verdict(family: string, event: string | undefined, problems: readonly Problem[]): Verdict {
  const status = problems.length === 0 ? 'valid' : problems.every((x) => x.kind === 'drift') ? 'drift' : 'invalid'
  return { family, ...(event === undefined ? {} : { event }), status, problems }
}
