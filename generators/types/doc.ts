import { stringifyExact } from '../../src/runtime/json.js'
import type { EventModel, FamilyModel } from '../../src/model/types.js'
import { describeRange } from '../../src/schema/version-range.js'

/** The doc comment of one event type: summary, match, versions, provenance, page claims, corrections, an example. */
export function eventDoc(family: FamilyModel, e: EventModel): string {
  const parts: string[] = [e.summary]
  if (e.description) parts.push(e.description)
  const group = family.groups.find((g) => g.id === e.group)!
  const facts = [
    `Group: ${group.title}${group.service ? ` (service ${group.service})` : ''}.`,
    `Matched by ${Object.entries(e.match)
      .map(([p, v]) => `${p} = ${JSON.stringify(v)}`)
      .join(', ')}.`,
  ]
  if (e.emitter) facts.push(`Emitted by ${e.emitter}.`)
  if (e.gate) facts.push(`Only when ${e.gate}.`)
  if (e.sentBy !== undefined) facts.push(`Sent by server versions: ${describeRange(e.sentBy)}.`)
  parts.push(facts.join('\n'))
  const sources = e.sources.map(
    (s) => `${s.id} (${s.repo ? `${s.repo}@${(s.commit ?? '').slice(0, 10)}` : (s.file ?? s.url ?? s.title)})`,
  )
  parts.push(`Sources: ${sources.join(', ')}.`)
  for (const p of e.pages) {
    if (p.example !== undefined && p.example !== '' && family.id === 'i3d')
      parts.push(`Example message (${p.source}): ${p.example}`)
    if (p.details) parts.push(`Page (${p.source}) says: ${p.details}`)
  }
  for (const c of e.corrections)
    parts.push(`The page is wrong${c.pointer ? ` at ${c.pointer}` : ''}: it says ${c.page}; the wire: ${c.wire}.`)
  const example = e.examples.find((x) => x.wire && x.value !== undefined)
  if (example !== undefined) parts.push(`@example\n${stringifyExact(example.value)}`)
  if (e.deprecated)
    parts.push(`@deprecated ${e.deprecated.reason}${e.deprecated.replacedBy ? ` Use ${e.deprecated.replacedBy}.` : ''}`)
  return parts.join('\n\n')
}
