import type { EventModel, FamilyModel, GroupModel } from '../../src/model/types.js'
import { eventsOf } from './view-model.js'

/** No Markdown page may be larger than this (bytes): GitHub and editors render smaller pages comfortably. */
export const PAGE_LIMIT = 200_000

/** One page of event sections: a group, or a part of a large group. */
export interface EventPage {
  /** Relative to the docs folder: `lxd/logging.md`, `lxd/lifecycle/lifecycle-instance.md`. */
  readonly file: string
  readonly group: GroupModel
  /** For a part of a group: the catalog file it holds (and a number when one file is split further). */
  readonly part?: string
  readonly events: readonly EventModel[]
}

/**
 * Lays a family's events out on pages: one page per group (`<family>/<group>.md`); a group whose page would pass
 * `limit` bytes gets a page per catalog file (`<family>/<group>/<file>.md`, the catalog's files follow the
 * vendor's sections), and a file still too large is cut in order into numbered pages. `measure` renders a page of
 * the given events and returns its size; it runs once per group, and more only where a group is too large.
 */
export function planPages(
  family: FamilyModel,
  measure: (group: GroupModel, events: readonly EventModel[]) => number,
  limit: number,
): EventPage[] {
  const pages: EventPage[] = []
  for (const group of family.groups) {
    const events = eventsOf(family, group)
    if (events.length === 0) continue
    const base = `${family.id}/${fileSafe(group.id)}`
    if (measure(group, events) <= limit) {
      pages.push({ file: `${base}.md`, group, events })
      continue
    }
    for (const [catalogFile, part] of byCatalogFile(events)) {
      const stem = fileSafe(catalogFile.replace(/^.*\//, '').replace(/\.ya?ml$/, ''))
      const chunks = measure(group, part) <= limit ? [part] : cut(part, (e) => measure(group, [e]), limit)
      chunks.forEach((chunk, i) =>
        pages.push({
          file: `${base}/${stem}${chunks.length > 1 ? `-${i + 1}` : ''}.md`,
          group,
          part: `${catalogFile}${chunks.length > 1 ? `, part ${i + 1} of ${chunks.length}` : ''}`,
          events: chunk,
        }),
      )
    }
  }
  return pages
}

function byCatalogFile(events: readonly EventModel[]): Map<string, EventModel[]> {
  const out = new Map<string, EventModel[]>()
  for (const e of events) out.set(e.source.file, [...(out.get(e.source.file) ?? []), e])
  return out
}

// Sizes of single-event pages include the page's header once per event, so the chunks err on the small side.
function cut(events: readonly EventModel[], sizeOf: (e: EventModel) => number, limit: number): EventModel[][] {
  const chunks: EventModel[][] = [[]]
  let size = 0
  for (const e of events) {
    const s = sizeOf(e)
    if (size + s > limit && chunks.at(-1)!.length > 0) {
      chunks.push([])
      size = 0
    }
    chunks.at(-1)!.push(e)
    size += s
  }
  return chunks
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'x'
}
