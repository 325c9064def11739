// What every kind of proposal shares: the proposal, the context it is made in, and small helpers.
import { cmp } from '../../errors.js'
import type { CatalogModel, EventModel, FamilyModel } from '../../model/types.js'
import type { FamilyFile } from './locate.js'
import type { Patches } from './patches.js'

/** One proposed catalog edit, for people: what, where, and the records it rests on. */
export interface Proposal {
  readonly kind: 'event' | 'field' | 'known' | 'versions' | 'source'
  readonly family: string
  readonly subject: string
  readonly what: string
  /** Capture files, sample line numbers, count and server version. */
  readonly evidence: string
  /** The catalog file it edits. */
  readonly file: string
  /** Why value lists and formats were (or were not) proposed. */
  readonly reasons: readonly string[]
}

/** What proposing needs besides the observations. */
export interface ProposeContext {
  readonly model: CatalogModel
  /** Every catalog file's parsed value, by catalog-relative path. */
  readonly files: ReadonlyMap<string, Readonly<Record<string, unknown>>>
  readonly catalogDir: string
  /** `--server F@V`: the family and version the captures come from. */
  readonly server?: { readonly family: string; readonly version: string }
}

/** Where proposals and their patches are gathered. */
export type Out = { proposals: Proposal[]; patches: Patches }

/** A family of the model and its family.yaml as written. */
export function familyOf(ctx: ProposeContext, id: string): { family: FamilyModel; raw: FamilyFile } {
  const family = ctx.model.families.find((f) => f.id === id)!
  return { family, raw: { file: family.source.file, value: ctx.files.get(family.source.file)! } }
}

/** The YAML path of an event in its group file. */
export function eventPath(e: EventModel): (string | number)[] {
  return e.source.pointer
    .slice(1)
    .split('/')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

/** A few event names for a proposal's subject. */
export function eventsText(events: readonly string[]): string {
  const unique = [...new Set(events)].sort(cmp)
  return unique.length <= 3 ? unique.join(', ') : `${unique.slice(0, 3).join(', ')} and ${unique.length - 3} more`
}
