import type { ErrorObject } from 'ajv'
import type { Diagnostic } from '../errors.js'
import { checkAgainstMeta, type CatalogFileKind } from './meta.js'
import { locate } from './locate.js'
import type { RawFile } from './types.js'

/** Reports YAML syntax errors of one file; an empty list means the file parsed. */
export function yamlDiagnostics(file: RawFile): Diagnostic[] {
  return file.doc.errors.map((error) => {
    const pos = file.lines.linePos(error.pos[0])
    return {
      code: 'yaml-syntax',
      severity: 'error',
      message: `malformed YAML: ${firstLine(error.message)}`,
      location: { file: file.path, line: pos.line, column: pos.col, pointer: '' },
      hint: 'fix the YAML syntax here; indentation, an unclosed quote or a duplicate key are the usual causes',
    } satisfies Diagnostic
  })
}

/** Checks a file's value against its meta-schema and turns each ajv error into a located diagnostic. */
export function metaDiagnostics(file: RawFile, kind: CatalogFileKind, value: unknown): Diagnostic[] {
  const errors = checkAgainstMeta(kind, value)
  const out: Diagnostic[] = []
  const seen = new Set<string>()
  for (const error of errors) {
    const d = toDiagnostic(file, kind, error)
    if (d === undefined) continue
    const key = `${d.location.pointer}|${d.code}|${d.message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(d)
  }
  return out
}

function toDiagnostic(file: RawFile, kind: CatalogFileKind, error: ErrorObject): Diagnostic | undefined {
  const at = error.instancePath
  const where = at === '' ? `in ${kind} file` : `at ${at}`
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {})
      return {
        code: 'unknown-key',
        severity: 'error',
        message: `unknown key "${key}" ${where}`,
        location: locate(file, at, key),
        hint: allowed.length > 0 ? `the keys allowed here are: ${allowed.join(', ')}` : 'remove this key',
      }
    }
    case 'required': {
      const key = (error.params as { missingProperty: string }).missingProperty
      return {
        code: 'missing-key',
        severity: 'error',
        message: `missing required key "${key}" ${where}`,
        location: locate(file, at),
        hint: `add "${key}:" to this ${kind === 'group' && /\/events\/\d+$/.test(at) ? 'event' : 'object'}`,
      }
    }
    case 'if':
    case 'propertyNames':
      // ajv reports the failing name separately, with a better message.
      return undefined
    default: {
      const name = (error.params as { propertyName?: string }).propertyName
      const message =
        name === undefined
          ? `${where}: ${error.message ?? 'is invalid'}`
          : `${where}: key "${name}" ${error.message ?? ''}`
      return {
        code: 'invalid-value',
        severity: 'error',
        message: message.trim(),
        location: locate(file, at, name),
        hint: describeExpected(error),
      }
    }
  }
}

function describeExpected(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>
  if (error.keyword === 'enum')
    return `use one of: ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
  if (error.keyword === 'pattern') return `the value must match ${String(p['pattern'])}`
  if (error.keyword === 'type') return `the value must be of type ${String(p['type'])}`
  if (error.keyword === 'const') return `the only allowed value is ${JSON.stringify(p['allowedValue'])}`
  return 'see the meta-schema under catalog/schemas/ for what is allowed here'
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}
