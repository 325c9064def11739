import { cmp } from '../../errors.js'
import { ruleOf, SEVERITIES, type RuleId, type Severity } from '../rules.js'
import type { CatalogSnapshot, EventSnapshot, FamilySnapshot } from '../snapshot.js'
import { canonicalJson } from '../snapshot.js'
import { collapse, type EventChange } from './collapse.js'
import { rangeText, type VersionMarks } from '../../schema/version-range.js'
import { SchemaComparison, compareSchemas, type VersionContext } from './schema.js'

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
  const removed = ka.filter((x) => !kb.includes(x))
  const added = kb.filter((x) => !ka.includes(x))
  // One entry per direction: a family that starts listing versions adds thirty at once.
  if (removed.length > 0)
    out.push(change(id, '*', '', 'server-version-removed', `${versionList(removed)} removed from versions.known`))
  if (added.length > 0) {
    const first = ka.length === 0 ? ' (the family had no known versions: --server is new for it)' : ''
    out.push(change(id, '*', '', 'server-version-added', `${versionList(added)} added to versions.known${first}`))
  }
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
  // Before a family lists known versions, its version marks were notes: what only --server reads changed no check.
  const facts = (fa.knownVersions ?? []).length === 0 ? perEvent.map((c) => asIntroduced(c, fb)) : perEvent
  for (const c of collapse(facts, compared)) out.push(change(id, c.event, c.pointer, c.rule, c.message))
  return out
}

function compareEvents(fa: FamilySnapshot, fb: FamilySnapshot, ea: EventSnapshot, eb: EventSnapshot) {
  const versions = { before: versionContext(fa, ea), after: versionContext(fb, eb) }
  const c = new SchemaComparison({ before: fa.definitions, after: fb.definitions, versions })
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
    ...compareSchemas(ea.schema, eb.schema, { before: fa.definitions, after: fb.definitions, skipValues, versions }),
  ]
}

function eventVersions(e: EventSnapshot): VersionMarks {
  return { since: e.since, until: e.until, versions: e.versions }
}

function versionContext(f: FamilySnapshot, e: EventSnapshot): VersionContext {
  const sentBy = rangeText(eventVersions(e))
  return { known: f.knownVersions ?? [], ...(sentBy === undefined ? {} : { sentBy }) }
}

/**
 * A per-version change of a family that had no known versions before, as the old release's consumers meet it: a
 * field required only in its versions is, to them, an optional field added; any other --server-only change is a
 * version fact that no check of theirs read.
 */
function asIntroduced(c: EventChange, after: FamilySnapshot): EventChange {
  const rule = ruleOf(c.rule)
  if (rule.serverOnly !== true || c.rule === 'server-version-added' || c.rule === 'server-version-removed') return c
  const now = (after.knownVersions ?? []).length > 0 ? 'only the new --server check reads it' : 'no check reads it'
  const message = `${c.message} (${now})`
  return { ...c, rule: c.rule === 'field-added-required-in-versions' ? 'field-added' : 'versions-introduced', message }
}

function versionList(versions: readonly string[]): string {
  return `${versions.length === 1 ? 'known version' : `${versions.length} known versions`} ${versions.join(', ')}`
}

function change(family: string, event: string, pointer: string, rule: RuleId, message: string): Change {
  return { family, event, pointer, rule, severity: ruleOf(rule).severity, message }
}
