import type { RuleId } from '../rules.js'
import type { RawChange } from './schema.js'

/** A change found in one event's schema. */
export interface EventChange extends RawChange {
  readonly event: string
}

/**
 * Folds a change that every compared event of a group (or of the family) shows into one entry, `<group>/*` or
 * `*`: a change to the envelope, a group's base or a shared fragment is one change, not one per event. A change
 * that most of a group's events (more than half, and at least 3) show is folded too; its message names the others.
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
      const hits = names.filter((n) => events.has(n))
      if (names.length > 1 && hits.length === names.length) out.push({ ...base, event: `${group}/*` })
      else if (hits.length >= 3 && hits.length * 2 > names.length) {
        // Most of a group (LXD's event base: 125 of 145 lifecycle actions lost metadata.name): one entry, with
        // the events it does not apply to.
        const others = names.filter((n) => !events.has(n))
        const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '')
        const message = `${base.message} (${hits.length} of ${names.length} ${group} events; not ${shown})`
        out.push({ ...base, message, event: `${group}/*` })
      } else continue
      for (const n of hits) left.delete(n)
    }
    for (const name of left) out.push({ ...base, event: name })
  }
  return out
}
