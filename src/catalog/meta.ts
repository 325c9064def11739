import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { readPackageJson } from '../package-root.js'

/** The three kinds of catalog file, each with its own meta-schema under `catalog/schemas/`. */
export type CatalogFileKind = 'catalog' | 'family' | 'group'

let validators: Map<CatalogFileKind, ValidateFunction> | undefined

/** Validates a parsed catalog file against its meta-schema; returns ajv's errors (empty when valid). */
export function checkAgainstMeta(kind: CatalogFileKind, value: unknown): readonly ErrorObject[] {
  validators ??= compileMeta()
  const validate = validators.get(kind)!
  return validate(value) ? [] : [...(validate.errors ?? [])]
}

function compileMeta(): Map<CatalogFileKind, ValidateFunction> {
  // The meta-schemas describe catalog files, not payloads: strict, every error at once, verbose for hints.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true })
  const out = new Map<CatalogFileKind, ValidateFunction>()
  for (const kind of ['catalog', 'family', 'group'] as const) {
    out.set(kind, ajv.compile(readPackageJson(`catalog/schemas/${kind}.schema.json`)))
  }
  return out
}
