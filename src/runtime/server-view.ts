import type { EventEntry, FamilyTable, GroupEntry, ValidateFn } from './dispatch.js'

/** One server version's validators, as the validators generator emits them beside a family table. */
export interface VersionView {
  readonly envelope: ValidateFn
  /** Per group of the table, in order. */
  readonly groups: readonly (ValidateFn | null)[]
  /** The events whose validators differ in this version: [index in the table, own part, around or null]. */
  readonly events: readonly (readonly [number, ValidateFn, ValidateFn | null])[]
  /** Indices of the table's events this version never sends. */
  readonly absent: readonly number[]
}

/** A family table narrowed to one server version, and the events of the table that version never sends. */
export interface ServerTable {
  readonly table: FamilyTable
  readonly version: string
  readonly absent: readonly EventEntry[]
}

/**
 * The table as one known server version sends: its validators (a field the version never sends is drift, one it
 * always sends is required) and only the events it sends. Throws a RangeError naming the known versions when
 * `version` is not one of them (spelled as the catalog spells it; see `findVersion`).
 */
export function tableForServer(table: FamilyTable, version: string): ServerTable {
  const view = table.versions?.[version]
  if (view === undefined) {
    const known = Object.keys(table.versions ?? {})
    throw new RangeError(
      known.length === 0
        ? `the catalog knows no server versions of ${table.family}`
        : `${version} is not a known version of ${table.family}; known: ${known.join(', ')}`,
    )
  }
  const changed = new Map(view.events.map(([i, validate, around]) => [i, { validate, around }]))
  const absent = new Set(view.absent)
  const events: EventEntry[] = []
  table.events.forEach((e, i) => {
    if (absent.has(i)) return
    const c = changed.get(i)
    if (c === undefined) events.push(e)
    else {
      const { around: _around, ...rest } = e
      events.push({ ...rest, validate: c.validate, ...(c.around === null ? {} : { around: c.around }) })
    }
  })
  const groups: GroupEntry[] = table.groups.map((g, i) => ({ ...g, validate: view.groups[i] ?? null }))
  return {
    table: { ...table, envelope: view.envelope, groups, events },
    version,
    absent: table.events.filter((_, i) => absent.has(i)),
  }
}
