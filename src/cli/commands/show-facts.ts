import {
  backingText,
  fieldFacts,
  knownText,
  messageFacts,
  type ConstraintFact,
  type FieldFacts,
} from '../../model/field-facts.js'
import { flattenFields } from '../../model/fields.js'
import type { EventModel, FamilyModel } from '../../model/types.js'
import { describeRange } from '../../schema/version-range.js'

// What `evcat show` adds to an event beyond its schema (issue #11): for each field, what validation enforces and
// why (its evidence), which values are only known, and which server versions send it; the event's own versions.

/** One field as `evcat show --json` prints it. */
export interface FieldJson extends FieldFacts {
  readonly path: string
  readonly pointer: string
  readonly variant?: string
  readonly type: string
  readonly required?: boolean
}

/** The versions and field facts of an event, for `--json`. */
export interface EventFactsJson {
  /** The versions that send the event (a range), and in words; absent: every version. */
  readonly sentBy?: string
  readonly sentByText?: string
  /** The family's known server versions; absent when the catalog models none. */
  readonly knownVersions?: readonly string[]
  /** What the message as a whole enforces beyond its fields. */
  readonly messageRules: readonly ConstraintFact[]
  readonly fields: readonly FieldJson[]
}

/** The facts of an event as data. */
export function eventFacts(family: FamilyModel, e: EventModel): EventFactsJson {
  const ctx = { sources: family.sources, match: e.match }
  return {
    ...(e.sentBy === undefined ? {} : { sentBy: e.sentBy, sentByText: describeRange(e.sentBy) }),
    ...(family.versions === undefined ? {} : { knownVersions: family.versions.known }),
    messageRules: messageFacts(e.schema, ctx),
    fields: flattenFields(e.schema, family.definitions).map((r) => ({
      path: r.path,
      pointer: r.pointer,
      ...(r.variant.length === 0 ? {} : { variant: r.variant.join(', ') }),
      type: r.type,
      ...(r.required === undefined ? {} : { required: r.required }),
      ...fieldFacts(r, ctx),
    })),
  }
}

/** The line that says which versions send the event: `sent by:    server versions since 5.19`. */
export function sentByLine(family: FamilyModel, facts: EventFactsJson): string {
  if (facts.sentByText !== undefined) return `sent by:    server versions ${facts.sentByText}\n`
  if (family.versions === undefined) return ''
  return `sent by:    every known server version (evcat show ${family.id} lists them)\n`
}

/**
 * The fields as text: a line per field (path, type, required), then what it enforces and why, its versions and
 * its known values, each on an indented line.
 */
export function fieldsText(facts: EventFactsJson): string {
  const out = ['\nfields (what validation enforces and why; versions that send a field; values only known):\n']
  for (const rule of facts.messageRules) out.push(`  (the message)\n    enforced: ${constraintLine(rule)}\n`)
  for (const f of facts.fields) {
    const required = f.required === undefined ? '' : f.required ? '  required' : '  optional'
    out.push(
      `  ${f.path === '' ? '(the message)' : f.path}${f.variant === undefined ? '' : ` [${f.variant}]`}  ${f.type}${required}\n`,
    )
    f.enforced.forEach((c, i) => out.push(`    ${i === 0 ? 'enforced:' : '         '} ${constraintLine(c)}\n`))
    if (f.versions !== undefined) out.push(`    versions: ${f.versions.text}\n`)
    if (f.known !== undefined) out.push(`    known:    ${knownText(f.known)}\n`)
  }
  return out.join('')
}

function constraintLine(c: ConstraintFact): string {
  const rule = c.rule.startsWith(c.keyword) ? c.rule : `${c.keyword} (${c.rule})`
  return `${rule}: ${backingText(c)}`
}
