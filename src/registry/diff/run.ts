import { readAccepted } from '../accepted.js'
import type { Severity } from '../rules.js'
import type { CatalogSnapshot } from '../snapshot.js'
import { readAgainst, readCurrent } from '../source/against.js'
import { compareSnapshots } from './compare.js'
import { buildReport, type DiffReport } from './report.js'

/** What `evcat diff` compares and how it fails. */
export interface DiffOptions {
  /** The catalog folder (the new side). */
  readonly catalog: string
  /** The other side: a git revision, a folder, a package version or a tarball. */
  readonly against: string
  /** npm registry for package versions. @default npm's configured registry */
  readonly registry?: string
  /** The least severity that fails the run. @default "breaking" */
  readonly failOn?: Severity
}

/** Compares the catalog with another one and builds the report (acknowledged changes applied). */
export async function runDiff(options: DiffOptions): Promise<DiffReport> {
  const current = await readCurrent(options.catalog)
  const other = await readAgainst(options.against, {
    catalog: options.catalog,
    ...(options.registry === undefined ? {} : { registry: options.registry }),
  })
  return buildReport({
    changes: compareSnapshots(other.snapshot, current.snapshot),
    accepted: await readAccepted(options.catalog),
    catalog: { label: current.label, version: current.snapshot.version },
    against: { label: other.label, version: other.snapshot.version },
    notes: other.notes,
    failOn: options.failOn ?? 'breaking',
    catalogDir: options.catalog.replace(/\/+$/, ''),
    places: placesOf(current.snapshot),
  })
}

/** Where each family and event of a snapshot is written (`family` and `family/event` keys). */
export function placesOf(snapshot: CatalogSnapshot): Map<string, { file: string; line: number }> {
  const places = new Map<string, { file: string; line: number }>()
  for (const f of snapshot.families) {
    places.set(f.id, { file: f.file, line: 1 })
    for (const e of f.events) places.set(`${f.id}/${e.name}`, { file: e.file, line: e.line })
  }
  return places
}
