import type { RuleId } from '../rules.js'
import type { RawChange } from './schema.js'

/** A change found in one event's schema. */
export interface EventChange extends RawChange {
  readonly event: string
}

/**
 * Folds a change that every compared event of a group (or of the family) shows into one entry, `<group>/*` or
 * `*`: a change to the envelope, a group's base or a shared fragment is one change, not one per event.
 */
export function collapse(
  changes: readonly EventChange[],
  compared: readonly { readonly name: string; readonly group: string }[],
): EventChange[] {
  const byKey = new Map<string, { rule: RuleId; pointer: string; message: string; events: Set<string> }>()
  for (const c of changes) {
    const key = `${c.rule}\u0000${c.pointer}\u0000${c.message}`
    let entry = byKey.get(key)
    if (entry === undefined)
      byKey.set(key, (entry = { rule: c.rule, pointer: c.pointer, message: c.message, events: new Set() }))
    entry.events.add(c.event)
  }
  const groups = new Map<string, string[]>()
  for (const e of compared) groups.set(e.group, [...(groups.get(e.group) ?? []), e.name])
  const out: EventChange[] = []
  for (const { rule, pointer, message, events } of byKey.values()) {
    const base = { rule, pointer, message }
    if (compared.length > 1 && compared.every((e) => events.has(e.name))) {
      out.push({ ...base, event: '*' })
      continue
    }
    const left = new Set(events)
    for (const [group, names] of groups) {
      if (names.length > 1 && names.every((n) => events.has(n))) {
        out.push({ ...base, event: `${group}/*` })
        for (const n of names) left.delete(n)
      }
    }
    for (const name of left) out.push({ ...base, event: name })
  }
  return out
}
