import type { JsonSchema } from '../../schema/types.js'
import type { EventModel, FamilyModel } from '../../model/types.js'
import { createDispatcher } from '../../runtime/dispatch.js'
import { parseExact } from '../../runtime/parse.js'
import { toPath, valueAt } from '../../runtime/pointer.js'
import { openInput, readRecords } from '../../validate/input/index.js'
import type { InputKind } from '../../validate/types.js'
import { resolveRef } from '../../schema/resolve.js'
import { familyTable, groupValues } from './tables.js'

/** One record a proposal rests on: the capture, the line, and the value it showed. */
export interface Sample {
  readonly file: string
  readonly line: number
  readonly value: unknown
}

/** An event the catalog does not know: its family, group and name, and every record of it. */
export interface UnknownEvent {
  readonly family: string
  readonly group: string
  readonly name: string
  readonly samples: Sample[]
}

/** A field the catalog does not know on a known event, at a parent pointer (`*` for array items). */
export interface UnknownField {
  readonly family: string
  readonly event: string
  readonly parent: readonly string[]
  readonly name: string
  /** Records of the event that have the parent object at all (to tell "in every sample"). */
  readonly samples: Sample[]
}

/** Values outside an open field's `x-known` list. */
export interface NewKnownValues {
  readonly family: string
  readonly event: string
  readonly path: readonly string[]
  readonly samples: Sample[]
}

/** Everything `evcat infer` gathered from the captures. */
export interface Observations {
  readonly records: number
  readonly valid: number
  readonly drift: number
  readonly invalid: number
  readonly unreadable: number
  readonly events: Map<string, UnknownEvent>
  readonly fields: Map<string, UnknownField>
  readonly known: Map<string, NewKnownValues>
  /** Records per known event (`family/event`), valid or drift. */
  readonly perEvent: Map<string, number>
  /** Records of an unknown event whose discriminator matches no group (a new group is needed; not proposed). */
  readonly ungrouped: Map<string, number>
  /** Problems outside what infer proposes (first few, for the report). */
  readonly notes: string[]
}

/** How to read the captures. */
export interface CollectOptions {
  readonly family?: string
  readonly kind?: InputKind
  /** Judge every record as this version of this family would be judged (`--server F@V`; a known version, as written). */
  readonly server?: { readonly family: string; readonly version: string }
}

/** Reads every record of every capture, judges it against the catalog, and gathers what the catalog does not know. */
export async function collect(
  families: readonly FamilyModel[],
  inputs: readonly string[],
  options: CollectOptions = {},
): Promise<Observations> {
  const tables = families.map((f) =>
    familyTable(f, options.server?.family === f.id ? options.server.version : undefined),
  )
  const dispatch = createDispatcher(tables, options.family === undefined ? {} : { family: options.family })
  const obs: Observations = {
    records: 0,
    valid: 0,
    drift: 0,
    invalid: 0,
    unreadable: 0,
    events: new Map(),
    fields: new Map(),
    known: new Map(),
    perEvent: new Map(),
    ungrouped: new Map(),
    notes: [],
  }
  const hints = new KnownHints(families)
  for (const file of inputs) {
    const input = await openInput(file)
    for await (const batch of readRecords(input, options.kind === undefined ? {} : { kind: options.kind })) {
      for (const record of batch) {
        ;(obs as { records: number }).records++
        const value = readValue(record)
        if (value === undefined) {
          ;(obs as { unreadable: number }).unreadable++
          continue
        }
        const sample = { file, line: record.line, value }
        const verdict = dispatch(value)
        const family = families.find((f) => f.id === verdict.family)
        if (verdict.status === 'invalid' || family === undefined) {
          ;(obs as { invalid: number }).invalid++
          continue
        }
        ;(obs as { valid: number; drift: number })[verdict.status === 'valid' ? 'valid' : 'drift']++
        const event = family.events.find(
          (e) =>
            e.name === verdict.event &&
            tables.some((t) => t.family === family.id && t.events.some((x) => x.name === e.name)),
        )
        if (event === undefined) unknownEvent(obs, family, sample)
        else {
          obs.perEvent.set(`${family.id}/${event.name}`, (obs.perEvent.get(`${family.id}/${event.name}`) ?? 0) + 1)
          for (const p of verdict.problems) if (p.kind === 'drift') unknownField(obs, family, event, p.pointer, sample)
          hints.check(obs, family, event, sample)
        }
      }
    }
  }
  return obs
}

// A record's value, parsed exactly (19-digit ids stay bigints); undefined when it is not a JSON object.
function readValue(record: { text?: string; value?: unknown; error?: string }): Record<string, unknown> | undefined {
  if (record.error !== undefined) return undefined
  let value: unknown
  try {
    value = 'value' in record && record.value !== undefined ? record.value : parseExact(record.text ?? '')
  } catch {
    return undefined
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function unknownEvent(obs: Observations, family: FamilyModel, sample: Sample): void {
  const seen: string[] = []
  for (const pointer of family.discriminator) {
    const v = valueAt(sample.value, toPath(pointer))
    if (typeof v !== 'string' && typeof v !== 'number') break
    seen.push(String(v))
  }
  // The group: the one whose own values the record has, and whose key carries the event's value.
  const group = family.groups.find((g) => {
    const values = groupValues(family, g.id)
    return g.key !== undefined && values.every((v, i) => seen[i] === v) && seen.length > values.length
  })
  if (group === undefined) {
    const key = `${family.id}/${seen.join('/')}`
    obs.ungrouped.set(key, (obs.ungrouped.get(key) ?? 0) + 1)
    return
  }
  const name = String(valueAt(sample.value, toPath(group.key!)))
  const key = `${family.id}\u0000${name}`
  const entry = obs.events.get(key) ?? { family: family.id, group: group.id, name, samples: [] }
  entry.samples.push(sample)
  obs.events.set(key, entry)
}

function unknownField(
  obs: Observations,
  family: FamilyModel,
  event: EventModel,
  pointer: string,
  sample: Sample,
): void {
  const segments = toPath(pointer).map(String)
  const name = segments.pop()!
  // Array items of any index are one place.
  const parent = segments.map((s) => (/^\d+$/.test(s) ? '*' : s))
  const key = `${family.id}\u0000${event.name}\u0000${parent.join('/')}\u0000${name}`
  const entry = obs.fields.get(key) ?? { family: family.id, event: event.name, parent, name, samples: [] }
  entry.samples.push({ ...sample, value: valueAt(sample.value, toPath(pointer)) })
  obs.fields.set(key, entry)
}

/** The open fields (`x-known` without enum/const) of each event, and the values a record gives them. */
class KnownHints {
  private readonly cache = new Map<string, { path: string[]; known: Set<string> }[]>()
  constructor(private readonly families: readonly FamilyModel[]) {}

  check(obs: Observations, family: FamilyModel, event: EventModel, sample: Sample): void {
    for (const hint of this.of(family, event)) {
      for (const v of valuesAt(sample.value, hint.path)) {
        if ((typeof v !== 'string' && typeof v !== 'number') || hint.known.has(JSON.stringify(v))) continue
        const key = `${family.id}\u0000${event.name}\u0000${hint.path.join('/')}`
        const entry = obs.known.get(key) ?? { family: family.id, event: event.name, path: hint.path, samples: [] }
        entry.samples.push({ ...sample, value: v })
        obs.known.set(key, entry)
      }
    }
  }

  private of(family: FamilyModel, event: EventModel) {
    const key = `${family.id}/${event.name}`
    let hints = this.cache.get(key)
    if (hints === undefined) {
      hints = []
      const visit = (node: JsonSchema, path: string[], refs: string[]): void => {
        const ref = typeof node['$ref'] === 'string' ? node['$ref'] : undefined
        if (ref !== undefined && refs.includes(ref)) return
        const n = resolveRef(node, family.definitions).node
        const next = ref === undefined ? refs : [...refs, ref]
        if (Array.isArray(n['x-known']) && !('enum' in n) && !('const' in n)) {
          hints!.push({ path, known: new Set((n['x-known'] as unknown[]).map((v) => JSON.stringify(v))) })
        }
        for (const [k, p] of Object.entries((n['properties'] ?? {}) as Record<string, JsonSchema>))
          visit(p, [...path, k], next)
        if (isObject(n['items'])) visit(n['items'], [...path, '*'], next)
        if (isObject(n['additionalProperties'])) visit(n['additionalProperties'], [...path, '*'], next)
      }
      visit(event.schema, [], [])
      this.cache.set(key, hints)
    }
    return hints
  }
}

function isObject(v: unknown): v is JsonSchema {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Every value at a path whose `*` segments stand for any array item or map value. */
export function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return value === undefined ? [] : [value]
  if (value === null || typeof value !== 'object') return []
  const [head, ...rest] = path
  if (head === '*') return Object.values(value as object).flatMap((v) => valuesAt(v, rest))
  return Object.prototype.hasOwnProperty.call(value, head!)
    ? valuesAt((value as Record<string, unknown>)[head!], rest)
    : []
}
