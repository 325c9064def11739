import type { Diagnostic } from '../errors.js'
import { parseTemplate, templatePattern, templateShapes, type TemplateToken } from '../schema/template.js'
import type { JsonSchema } from '../schema/types.js'
import { walk } from '../schema/walk.js'
import { schemaRoots, sourceReferenceProblems } from './check-evidence.js'
import { locate } from './locate.js'
import type { FamilyDef, PoolEntry, RawCatalog, RawFile } from './types.js'

/**
 * Checks a family's value shapes (catalog/README.md, "Value shapes"): every shape that `x-shape`, a template part or
 * a time shape's `zone` names exists; templates parse; a `pattern` beside an `x-template` is the one the template
 * derives; pool entries cite known sources, and a pool's values have the field's type and fixed values.
 */
export function checkShapes(family: FamilyDef, raw: RawCatalog): Diagnostic[] {
  const out: Diagnostic[] = []
  const familyFile = raw.files.find((f) => f.path === family.location.file)!
  for (const [name, shape] of Object.entries(family.shapes)) {
    const at = `/shapes/${name}`
    if (shape.values === undefined && shape.format === undefined)
      out.push({
        code: 'invalid-pool',
        severity: 'error',
        message: `shape "${name}" has neither values nor a format`,
        location: locate(familyFile, at),
        hint: 'give the values the platform sends (values: with seen and count), or the format evcat makes them in',
      })
    if (shape.zone !== undefined && family.shapes[shape.zone] === undefined)
      out.push(unknownShape(family, familyFile, `${at}/zone`, shape.zone))
    if (shape.evidence !== undefined)
      out.push(...sourceReferenceProblems(family, familyFile, shape.evidence, `${at}/evidence`))
    out.push(...poolProblems(family, familyFile, shape.values ?? [], `${at}/values`, undefined))
  }
  for (const root of schemaRoots(family, raw))
    walk(root.schema, root.pointer, (node, pointer) => out.push(...nodeProblems(family, root.file, node, pointer)))
  return out
}

function nodeProblems(family: FamilyDef, file: RawFile, node: JsonSchema, pointer: string): Diagnostic[] {
  const out: Diagnostic[] = []
  const shape = node['x-shape']
  if (typeof shape === 'string') {
    const name = shape.includes(':') ? shape.slice(shape.indexOf(':') + 1) : shape
    if (family.shapes[name] === undefined) out.push(unknownShape(family, file, `${pointer}/x-shape`, name))
  }
  const template = node['x-template']
  if (template !== undefined) {
    const list = typeof template === 'string' ? [template] : Array.isArray(template) ? template.map(String) : []
    const parsed: (readonly TemplateToken[])[] = []
    list.forEach((text, i) => {
      const at = typeof template === 'string' ? `${pointer}/x-template` : `${pointer}/x-template/${i}`
      const tokens = tokensOf(family, file, text, at, out)
      if (tokens !== undefined) parsed.push(tokens)
    })
    if (parsed.length === list.length && typeof node['pattern'] === 'string') {
      const derived = templatePattern(parsed)
      if (node['pattern'] !== derived)
        out.push({
          code: 'template-pattern',
          severity: 'error',
          message: `pattern ${JSON.stringify(node['pattern'])} is not the one x-template gives`,
          location: locate(file, `${pointer}/pattern`),
          hint: `the pattern a template enforces is its literal structure, any value where a part goes: write pattern: ${JSON.stringify(derived)}, or drop the pattern to keep the template a hint`,
        })
    }
  }
  const same = node['x-same-as']
  if (isObject(same) && typeof same['event'] === 'string' && !family.events.some((e) => e.name === same['event']))
    out.push({
      code: 'unknown-event',
      severity: 'error',
      message: `x-same-as names event "${same['event']}", which ${family.id} does not have`,
      location: locate(file, `${pointer}/x-same-as/event`),
      hint: `name an event of ${family.id} by its name (the relayed one, e.g. pdfm/VM_ADDED)`,
    })
  const when = node['x-when']
  if (isObject(when))
    for (const p of Object.keys(when))
      if (!family.discriminator.includes(p))
        out.push({
          code: 'invalid-match',
          severity: 'error',
          message: `x-when names ${p}, which is not a discriminator pointer of ${family.id}`,
          location: locate(file, `${pointer}/x-when`),
          hint: `x-when lists the events that send the field by their discriminator values: ${family.discriminator.join(', ')}`,
        })
  if (Array.isArray(node['x-pool']))
    out.push(...poolProblems(family, file, node['x-pool'] as PoolEntry[], `${pointer}/x-pool`, node))
  return out
}

function poolProblems(
  family: FamilyDef,
  file: RawFile,
  entries: readonly PoolEntry[],
  pointer: string,
  node: JsonSchema | undefined,
): Diagnostic[] {
  const out: Diagnostic[] = []
  entries.forEach((entry, i) => {
    const at = `${pointer}/${i}`
    if ((entry.value === undefined) === (entry.template === undefined))
      out.push({
        code: 'invalid-pool',
        severity: 'error',
        message: 'a pool entry has either a value or a template, not both and not neither',
        location: locate(file, at),
        hint: 'value: the value exactly as sent; template: a string template or a partial object of templates',
      })
    if (entry.seen !== undefined) out.push(...sourceReferenceProblems(family, file, entry.seen, `${at}/seen`))
    for (const pointer of Object.keys(entry.when ?? {}))
      if (!family.discriminator.includes(pointer))
        out.push({
          code: 'invalid-pool',
          severity: 'error',
          message: `when names ${pointer}, which is not a discriminator pointer of ${family.id}`,
          location: locate(file, `${at}/when`),
          hint: `a pool entry applies to events by their discriminator values: ${family.discriminator.join(', ')}`,
        })
    if (entry.template !== undefined)
      templateStrings(entry.template, `${at}/template`, (text, p) => tokensOf(family, file, text, p, out))
    if (entry.value !== undefined && node !== undefined) {
      const why = outsideNode(node, entry.value)
      if (why !== undefined)
        out.push({
          code: 'invalid-pool',
          severity: 'error',
          message: `pool value ${JSON.stringify(entry.value)} ${why}`,
          location: locate(file, `${at}/value`),
          hint: 'a pool lists values the field really takes: fix the value, or the field',
        })
    }
  })
  return out
}

// Why a pool value cannot be a value of the node (its type, enum or const), or undefined when it can.
function outsideNode(node: JsonSchema, value: unknown): string | undefined {
  const type = node['type']
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type.map(String) : []
  if (types.length > 0 && !types.some((t) => hasType(value, t)))
    return `is not of the field's type (${types.join(', ')})`
  if (Array.isArray(node['enum']) && !node['enum'].some((v) => JSON.stringify(v) === JSON.stringify(value)))
    return 'is not one of the field’s enum values'
  if ('const' in node && JSON.stringify(node['const']) !== JSON.stringify(value)) return 'is not the field’s const'
  return undefined
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))
  if (type === 'number') return typeof value === 'number' || typeof value === 'bigint'
  if (type === 'null') return value === null
  if (type === 'array') return Array.isArray(value)
  if (type === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value)
  return typeof value === type
}

/** Calls `visit` for every string of a pool template (a string, or the strings inside a partial object). */
function templateStrings(value: unknown, pointer: string, visit: (text: string, pointer: string) => void): void {
  if (typeof value === 'string') visit(value, pointer)
  else if (Array.isArray(value)) value.forEach((v, i) => templateStrings(v, `${pointer}/${i}`, visit))
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      templateStrings(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit)
}

function tokensOf(
  family: FamilyDef,
  file: RawFile,
  text: string,
  pointer: string,
  out: Diagnostic[],
): readonly TemplateToken[] | undefined {
  const parsed = parseTemplate(text)
  if (!parsed.ok) {
    out.push({
      code: 'invalid-template',
      severity: 'error',
      message: `template ${JSON.stringify(text)}: ${parsed.error}`,
      location: locate(file, pointer),
      hint: 'a template is literal text with {shape}, {var:shape} and {?key} parts; {{ and }} are literal braces',
    })
    return undefined
  }
  const unknown = templateShapes(parsed.tokens).filter((s) => family.shapes[s] === undefined)
  for (const name of unknown) out.push(unknownShape(family, file, pointer, name))
  return unknown.length === 0 ? parsed.tokens : undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function unknownShape(family: FamilyDef, file: RawFile, pointer: string, name: string): Diagnostic {
  const known = Object.keys(family.shapes)
  return {
    code: 'unknown-shape',
    severity: 'error',
    message: `shape "${name}" is not declared in ${family.id}/family.yaml`,
    location: locate(file, pointer),
    hint: `declare it under shapes: in ${family.id}/family.yaml (a summary, and values or a format)${known.length > 0 ? `, or use one of: ${known.join(', ')}` : ''}`,
  }
}
