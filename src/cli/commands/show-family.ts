import type { FamilyModel } from '../../model/types.js'

/** A family as `evcat show FAMILY --json` prints it: what it is, its known server versions, its groups. */
export function familyJson(f: FamilyModel) {
  return {
    family: f.id,
    title: f.title,
    summary: f.summary,
    transport: f.transport,
    discriminator: f.discriminator,
    ...(f.versions === undefined ? {} : { versions: f.versions }),
    groups: f.groups.map((g) => ({
      id: g.id,
      title: g.title,
      direction: g.direction,
      events: f.events.filter((e) => e.group === g.id).length,
    })),
    events: f.events.length,
    sources: f.sources,
  }
}

/** The same as text: title, summary, the known versions (`--server` accepts them), each group with its count. */
export function familyText(f: FamilyModel): string {
  const out = [`${f.id}  (${f.title})\n${f.summary}\n\n`]
  out.push(
    `transport:      ${[f.transport['kind'], f.transport['endpoint']].filter((x) => x !== undefined).join(' ')}\n`,
  )
  out.push(`discriminator:  ${f.discriminator.join(', then ')}\n`)
  if (f.versions === undefined) out.push('versions:       none modelled (no per-version check)\n')
  else {
    out.push(`versions:       ${f.versions.known.join(', ')}  (validate --server ${f.id}@VERSION)\n`)
    if (f.versions.note !== undefined) out.push(`                ${f.versions.note}\n`)
  }
  out.push(`\n${f.events.length} events in ${f.groups.length} groups:\n`)
  for (const g of f.groups) {
    const n = f.events.filter((e) => e.group === g.id).length
    out.push(
      `  ${g.id}  ${n} event${n === 1 ? '' : 's'}${g.direction === 'client' ? ' (client → server)' : ''}: ${g.title}\n`,
    )
  }
  out.push(`\nevcat list --family ${f.id} lists them; evcat show ${f.id}/NAME shows one.\n`)
  return out.join('')
}
