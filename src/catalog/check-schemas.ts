import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import type { Diagnostic } from '../errors.js'
import { findVersion, parseVersion } from '../runtime/version.js'
import { composeMessageSchema, projectDefinitions } from '../schema/compose.js'
import { ANY_VERSION, type VersionTarget } from '../schema/project.js'
import { inRange, parseRange, rangeText, versionsIn } from '../schema/version-range.js'
import { collectRefs, definitionName, reachableDefinitions } from '../schema/refs.js'
import { closeObjects, forAjv } from '../schema/rewrite.js'
import { walk } from '../schema/walk.js'
import { compileShared, createPayloadAjv } from '../schema/ajv.js'
import { locate } from './locate.js'
import type { EventDef, FamilyDef, RawCatalog, RawFile } from './types.js'
import type { JsonSchema } from '../schema/types.js'

/** Checks every schema of a family: valid draft-07, resolvable `$ref`s, and examples that agree with their event's schema. */
export function checkSchemas(family: FamilyDef, raw: RawCatalog): Diagnostic[] {
  const ajv = createPayloadAjv()
  const out: Diagnostic[] = []
  const familyFile = raw.files.find((f) => f.path === family.location.file)!
  const fileOf = (path: string): RawFile => raw.files.find((f) => f.path === path)!

  // `compiled` is what gets a strict compile: a group's base only means something merged into its envelope.
  const familySchemas: { schema: JsonSchema; pointer: string; compiled: JsonSchema }[] = [
    { schema: family.envelope, pointer: '/envelope', compiled: family.envelope },
  ]
  for (const [name, schema] of Object.entries(family.definitions))
    familySchemas.push({ schema, pointer: `/definitions/${name}`, compiled: schema })
  for (const group of family.groups.values()) {
    if (group.envelope)
      familySchemas.push({ schema: group.envelope, pointer: `/groups/${group.id}/envelope`, compiled: group.envelope })
    if (group.base)
      familySchemas.push({
        schema: group.base,
        pointer: `/groups/${group.id}/base`,
        compiled: composeMessageSchema(family, group, group.match, undefined),
      })
  }
  let familyOk = true
  for (const { schema, pointer, compiled } of familySchemas) {
    const problems = schemaProblems(ajv, family, familyFile, schema, pointer)
    // Strict compile here too, so a bad keyword in a shared fragment is blamed on family.yaml, not on an event using it.
    if (problems.length === 0 && familyOk)
      problems.push(...strictCompile(family, familyFile, compiled, schema, pointer))
    if (problems.length > 0) familyOk = false
    out.push(...problems)
  }

  for (const event of family.events) {
    const file = fileOf(event.location.file)
    const at = `${event.location.pointer}/payload`
    const problems = event.payload === undefined ? [] : schemaProblems(ajv, family, file, event.payload, at)
    if (event.base !== undefined)
      problems.push(...schemaProblems(ajv, family, file, event.base, `${event.location.pointer}/base`))
    out.push(...problems)
    if (problems.length > 0 || !familyOk) continue
    out.push(...compileEvent(family, file, event))
  }
  return out
}

function schemaProblems(ajv: Ajv, family: FamilyDef, file: RawFile, schema: JsonSchema, pointer: string): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const { ref, pointer: p } of collectRefs(schema, pointer)) {
    const name = definitionName(ref)
    if (name === undefined || !Object.hasOwn(family.definitions, name)) {
      out.push({
        code: 'unknown-ref',
        severity: 'error',
        message: `unresolved $ref "${ref}"`,
        location: locate(file, p),
        hint:
          `refer to a shared fragment of ${family.id}/family.yaml as "#/definitions/<name>"; ` +
          `defined: ${Object.keys(family.definitions).join(', ') || 'none'}`,
      })
    }
  }
  if (!ajv.validateSchema(schema)) {
    for (const e of ajv.errors ?? [])
      out.push(
        invalidSchema(
          file,
          `${pointer}${e.instancePath}`,
          `${e.instancePath || 'schema'} ${e.message ?? 'is invalid'}`,
        ),
      )
  }
  return out
}

/** The closed message schema of one event as ajv checks it, for one server version or for any. */
function eventValidator(family: FamilyDef, event: EventDef, target: VersionTarget): ValidateFunction {
  const group = family.groups.get(event.group)!
  // What any version sends: a versioned field stays required when every known version that sends the event sends it.
  const known = family.versions?.known ?? []
  const versions = target === 'any' ? versionsIn(known, rangeText(event)) : []
  const message = composeMessageSchema(family, group, event.match, event.payload, {
    base: event.base,
    target,
    versions,
  })
  const definitions = projectDefinitions(
    reachableDefinitions(message, family.definitions),
    target,
    target === 'any' ? versionsIn(known, undefined) : [],
  )
  return compileShared(forAjv(closeObjects({ ...message, definitions })))
}

function compileEvent(family: FamilyDef, file: RawFile, event: EventDef): Diagnostic[] {
  let validate: ValidateFunction
  try {
    validate = eventValidator(family, event, ANY_VERSION)
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    const keyword = /unknown keyword: "([^"]+)"/.exec(text)?.[1]
    // Point at the unknown keyword itself when it is in this event's payload.
    let parent: string | undefined
    if (keyword !== undefined)
      walk(event.payload, `${event.location.pointer}/payload`, (node, p) => {
        if (keyword in node) parent ??= p
      })
    return [
      invalidSchema(
        file,
        parent ?? `${event.location.pointer}/payload`,
        text.split('\n')[0]!,
        parent === undefined ? undefined : keyword,
      ),
    ]
  }
  const out: Diagnostic[] = []
  event.examples.forEach((example, i) => {
    if (example.value === undefined) return
    // An example of one server version is checked against the schema of that version; checkVersions reports a
    // server that is not a known version.
    const known = example.server === undefined ? undefined : findVersion(family.versions?.known ?? [], example.server)
    if (example.server !== undefined && known === undefined) return
    const target = known === undefined ? ANY_VERSION : parseVersion(known)!
    let sent = true
    let check = validate
    try {
      if (known !== undefined) {
        sent = sentByVersion(event, target)
        check = eventValidator(family, event, target)
      }
    } catch {
      return // a version mark that does not parse: checkVersions reports it
    }
    const ok = sent && check(example.value)
    const at = `${event.location.pointer}/examples/${i}/value`
    const where = known === undefined ? "the event's schema" : `the event's schema for ${family.id} ${known}`
    if (example.wire && !ok) {
      out.push({
        code: 'invalid-example',
        severity: 'error',
        message: sent
          ? `wire example does not match ${where}: ${describe(check.errors ?? [])}`
          : `wire example for server ${known}, but ${family.id} ${known} does not send this event (${rangeText(event)})`,
        location: locate(file, at),
        hint: 'the wire wins: fix the schema to accept what the server sends, or mark the example wire: false',
      })
    } else if (!example.wire && ok) {
      out.push({
        code: 'invalid-example',
        severity: 'error',
        message: `example marked wire: false (a shape the server never sends) passes ${where}`,
        location: locate(file, at),
        hint: 'tighten the schema so the page-only shape is rejected, or mark the example wire: true',
      })
    }
  })
  return out
}

/** Whether an event is sent by a version, by its since/until/versions. */
function sentByVersion(event: EventDef, target: VersionTarget): boolean {
  const text = rangeText(event)
  return text === undefined || target === 'any' || inRange(parseRange(text), target)
}

function strictCompile(
  family: FamilyDef,
  file: RawFile,
  compiled: JsonSchema,
  schema: JsonSchema,
  pointer: string,
): Diagnostic[] {
  try {
    compileShared(forAjv({ ...compiled, definitions: reachableDefinitions(compiled, family.definitions) }))
    return []
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    const keyword = /unknown keyword: "([^"]+)"/.exec(text)?.[1]
    let parent: string | undefined
    if (keyword !== undefined)
      walk(schema, pointer, (node, p) => {
        if (keyword in node) parent ??= p
      })
    return [invalidSchema(file, parent ?? pointer, text.split('\n')[0]!, parent === undefined ? undefined : keyword)]
  }
}

function describe(errors: readonly ErrorObject[]): string {
  return errors
    .slice(0, 3)
    .map((e) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
          : ''
      return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`
    })
    .join('; ')
}

function invalidSchema(file: RawFile, pointer: string, message: string, key?: string): Diagnostic {
  return {
    code: 'invalid-schema',
    severity: 'error',
    message: `not a valid schema: ${message}`,
    location: locate(file, pointer, key),
    hint:
      'payloads are JSON Schema draft-07 plus evcat x- keywords ' +
      '(x-since, x-until, x-versions, x-source, x-known, x-note, x-evidence, x-bigint, x-count-equals, x-shape, x-template, x-pool, x-same-as, x-when)',
  }
}
