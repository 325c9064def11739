import type { Diagnostic } from '../errors.js'
import { walk } from '../schema/walk.js'
import { locate } from './locate.js'
import type { EventDef, FamilyDef, RawCatalog, RawFile } from './types.js'

/** Checks the events of one family: unique names, discriminators that tell events apart, known sources. */
export function checkEvents(family: FamilyDef, events: readonly EventDef[], raw: RawCatalog): Diagnostic[] {
  const out: Diagnostic[] = []
  const fileOf = (e: { location: { file: string } }): RawFile => raw.files.find((f) => f.path === e.location.file)!

  const byName = new Map<string, EventDef>()
  for (const event of events) {
    const first = byName.get(event.name)
    if (first === undefined) byName.set(event.name, event)
    else
      out.push({
        code: 'duplicate-event',
        severity: 'error',
        message:
          `event "${event.name}" is defined twice in family ${family.id} ` +
          `(first at ${first.location.file}:${first.location.line})`,
        location: locate(fileOf(event), `${event.location.pointer}/name`),
        hint: 'event names are unique within a family; rename one, or merge the two entries',
      })
  }

  const tuples: { event: EventDef; values: string[]; direction: string }[] = []
  for (const event of events) {
    const keys = Object.keys(event.match)
    const prefix = family.discriminator.slice(0, keys.length)
    const bad = keys.filter((k) => !prefix.includes(k))
    if (keys.length === 0 || bad.length > 0) {
      out.push({
        code: 'invalid-match',
        severity: 'error',
        message:
          keys.length === 0
            ? `event "${event.name}" has no discriminator value`
            : `event "${event.name}" matches on ${bad.join(', ')}, ` +
              `which is not a prefix of the discriminator [${family.discriminator.join(', ')}]`,
        location: locate(fileOf(event), event.location.pointer),
        hint: `give values for the family's discriminator in order: ${family.discriminator.join(', ')}`,
      })
      continue
    }
    const direction = family.groups.get(event.group)?.direction ?? 'server'
    tuples.push({ event, values: prefix.map((k) => event.match[k]!), direction })
  }
  for (let i = 0; i < tuples.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = tuples[j]!
      const b = tuples[i]!
      if (a.direction !== b.direction || a.event.name === b.event.name) continue
      const n = Math.min(a.values.length, b.values.length)
      if (a.values.slice(0, n).every((v, k) => v === b.values[k])) {
        const shown = family.discriminator
          .slice(0, n)
          .map((p, k) => `${p}=${JSON.stringify(b.values[k])}`)
          .join(', ')
        out.push({
          code: 'ambiguous-discriminator',
          severity: 'error',
          message: `events "${a.event.name}" and "${b.event.name}" cannot be told apart: both match ${shown}`,
          location: locate(fileOf(b.event), b.event.location.pointer),
          hint:
            'give one of them a different discriminator value (value: or match:), ' +
            'so that dispatch finds exactly one event',
        })
      }
    }
  }

  for (const event of events) out.push(...unknownSources(family, fileOf(event), event))
  out.push(
    ...familySourceRefs(
      family,
      raw.files.find((f) => f.path === family.location.file)!,
    ),
  )
  return out
}

/** Source ids the family file itself cites: group `sources` and `x-source` in envelope, definitions and group schemas. */
function familySourceRefs(family: FamilyDef, file: RawFile): Diagnostic[] {
  const refs: { id: string; pointer: string }[] = []
  for (const group of family.groups.values())
    group.sources.forEach((id, i) => refs.push({ id, pointer: `/groups/${group.id}/sources/${i}` }))
  const schemas: [unknown, string][] = [[family.envelope, '/envelope']]
  for (const [name, schema] of Object.entries(family.definitions)) schemas.push([schema, `/definitions/${name}`])
  for (const group of family.groups.values()) {
    schemas.push([group.base, `/groups/${group.id}/base`], [group.envelope, `/groups/${group.id}/envelope`])
  }
  for (const [schema, at] of schemas) collectXSource(schema, at, refs)
  return missingSources(family, file, refs)
}

function collectXSource(schema: unknown, at: string, refs: { id: string; pointer: string }[]): void {
  walk(schema, at, (node, pointer) => {
    const xs = node['x-source']
    if (Array.isArray(xs)) xs.forEach((id, k) => refs.push({ id: String(id), pointer: `${pointer}/x-source/${k}` }))
  })
}

function missingSources(
  family: FamilyDef,
  file: RawFile,
  refs: readonly { id: string; pointer: string }[],
): Diagnostic[] {
  return refs
    .filter((r) => !family.sources.has(r.id))
    .map((r) => ({
      code: 'unknown-source' as const,
      severity: 'error' as const,
      message: `source "${r.id}" is not declared in ${family.id}/family.yaml`,
      location: locate(file, r.pointer),
      hint: `declare it under sources:, or use one of: ${[...family.sources.keys()].join(', ')}`,
    }))
}

function unknownSources(family: FamilyDef, file: RawFile, event: EventDef): Diagnostic[] {
  const refs: { id: string; pointer: string }[] = []
  const base = event.location.pointer
  event.sources.forEach((id, i) => refs.push({ id, pointer: `${base}/sources/${i}` }))
  event.pages.forEach((p, i) => refs.push({ id: p.source, pointer: `${base}/pages/${i}/source` }))
  event.examples.forEach((x, i) => refs.push({ id: x.source, pointer: `${base}/examples/${i}/source` }))
  event.corrections.forEach((c, i) =>
    c.sources.forEach((id, k) => refs.push({ id, pointer: `${base}/corrections/${i}/sources/${k}` })),
  )
  collectXSource(event.payload, `${base}/payload`, refs)
  collectXSource(event.base, `${base}/base`, refs)
  return missingSources(family, file, refs)
}
