import { cmp } from '../../errors.js'
import { ruleOf, SEVERITIES, type RuleId, type Severity } from '../rules.js'
import type { CatalogSnapshot, EventSnapshot, FamilySnapshot } from '../snapshot.js'
import { canonicalJson } from '../snapshot.js'
import { collapse, type EventChange } from './collapse.js'
import { SchemaComparison, compareSchemas } from './schema.js'

/** One change between two catalogs, as `evcat diff` reports it. */
export interface Change {
  readonly family: string
  /** The event's name; `*` for every event of the family, `<group>/*` for every event of a group. */
  readonly event: string
  /** Where in the message (a JSON Pointer; `*` stands for any array item or map value); `''` for the whole event. */
  readonly pointer: string
  readonly rule: RuleId
  readonly severity: Severity
  readonly message: string
}

/** Every change from `before` to `after`, sorted by family, event, pointer and rule. */
export function compareSnapshots(before: CatalogSnapshot, after: CatalogSnapshot): Change[] {
  const out: Change[] = []
  const ids = new Set([...before.families.map((f) => f.id), ...after.families.map((f) => f.id)])
  for (const id of [...ids].sort(cmp)) {
    const fa = before.families.find((f) => f.id === id)
    const fb = after.families.find((f) => f.id === id)
    if (fa === undefined) out.push(change(id, '*', '', 'event-added', `family added (${fb!.events.length} events)`))
    else if (fb === undefined)
      out.push(change(id, '*', '', 'event-removed', `family removed (${fa.events.length} events)`))
    else out.push(...compareFamilies(fa, fb))
  }
  return out.sort(byPlace)
}

/** Orders changes by family, event, pointer, severity, rule and message (code-unit order). */
export function byPlace(a: Change, b: Change): number {
  return (
    cmp(a.family, b.family) ||
    cmp(a.event, b.event) ||
    cmp(a.pointer, b.pointer) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    cmp(a.rule, b.rule) ||
    cmp(a.message, b.message)
  )
}

function compareFamilies(fa: FamilySnapshot, fb: FamilySnapshot): Change[] {
  const id = fa.id
  const out: Change[] = []
  if (canonicalJson(fa.discriminator) !== canonicalJson(fb.discriminator)) {
    out.push(
      change(
        id,
        '*',
        '',
        'discriminator-changed',
        `discriminator ${fa.discriminator.join(', ')} → ${fb.discriminator.join(', ')}`,
      ),
    )
  }
  const [ka, kb] = [fa.knownVersions ?? [], fb.knownVersions ?? []]
  for (const v of ka.filter((x) => !kb.includes(x)))
    out.push(change(id, '*', '', 'server-version-removed', `known version ${v} removed`))
  for (const v of kb.filter((x) => !ka.includes(x)))
    out.push(change(id, '*', '', 'server-version-added', `known version ${v} added`))
  for (const name of Object.keys(fa.definitions).filter((n) => fb.definitions[n] === undefined)) {
    out.push(
      change(
        id,
        '*',
        `#/definitions/${name}`,
        'definition-removed',
        `shared fragment ${name} (${fa.typePrefix}${name}) removed`,
      ),
    )
  }
  for (const name of Object.keys(fb.definitions).filter((n) => fa.definitions[n] === undefined)) {
    out.push(
      change(
        id,
        '*',
        `#/definitions/${name}`,
        'definition-added',
        `shared fragment ${name} (${fb.typePrefix}${name}) added`,
      ),
    )
  }
  const afterByName = new Map(fb.events.map((e) => [e.name, e]))
  const beforeByName = new Map(fa.events.map((e) => [e.name, e]))
  for (const e of fa.events)
    if (!afterByName.has(e.name)) out.push(change(id, e.name, '', 'event-removed', `event removed (${e.typeName})`))
  for (const e of fb.events)
    if (!beforeByName.has(e.name)) out.push(change(id, e.name, '', 'event-added', `event added (${e.typeName})`))
  const perEvent: EventChange[] = []
  const compared: { name: string; group: string }[] = []
  for (const ea of fa.events) {
    const eb = afterByName.get(ea.name)
    if (eb === undefined) continue
    compared.push({ name: eb.name, group: eb.group })
    for (const c of compareEvents(fa, fb, ea, eb)) perEvent.push({ ...c, event: ea.name })
  }
  for (const c of collapse(perEvent, compared)) out.push(change(id, c.event, c.pointer, c.rule, c.message))
  return out
}

function compareEvents(fa: FamilySnapshot, fb: FamilySnapshot, ea: EventSnapshot, eb: EventSnapshot) {
  const c = new SchemaComparison({ before: fa.definitions, after: fb.definitions })
  const pointers = new Set([...Object.keys(ea.match), ...Object.keys(eb.match)])
  for (const p of pointers) {
    if (ea.match[p] !== eb.match[p]) {
      c.add(
        'discriminator-changed',
        p,
        `discriminator value ${JSON.stringify(ea.match[p] ?? null)} → ${JSON.stringify(eb.match[p] ?? null)}`,
      )
    }
  }
  if (ea.typeName !== eb.typeName) c.add('type-renamed', '', `type ${ea.typeName} → ${eb.typeName}`)
  c.versions(eventVersions(ea), eventVersions(eb), '', 'event')
  if (canonicalJson(ea.deprecated) !== canonicalJson(eb.deprecated)) {
    c.add(
      'event-deprecated',
      '',
      eb.deprecated === undefined ? 'no longer deprecated' : `deprecated: ${eb.deprecated.reason}`,
    )
  }
  if (ea.docs !== eb.docs)
    c.add('description-changed', '', 'summary, description, page claims, corrections or notes changed')
  if (ea.examples !== eb.examples) c.add('examples-changed', '', 'examples changed')
  if (canonicalJson([...ea.sources].sort()) !== canonicalJson([...eb.sources].sort())) {
    c.add('sources-changed', '', `sources ${ea.sources.join(', ')} → ${eb.sources.join(', ')}`)
  }
  const skipValues = new Set(pointers)
  return [
    ...c.changes,
    ...compareSchemas(ea.schema, eb.schema, { before: fa.definitions, after: fb.definitions, skipValues }),
  ]
}

function eventVersions(e: EventSnapshot) {
  if (e.since === undefined && e.until === undefined && e.versions === undefined) return undefined
  return {
    ...(e.since === undefined ? {} : { since: e.since }),
    ...(e.until === undefined ? {} : { until: e.until }),
    ...(e.versions === undefined ? {} : { versions: e.versions }),
  }
}

function change(family: string, event: string, pointer: string, rule: RuleId, message: string): Change {
  return { family, event, pointer, rule, severity: ruleOf(rule).severity, message }
}
