/** Where a problem or a model node came from: catalog-relative file, position and JSON Pointer. */
export interface SourceLocation {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly pointer: string
}

/** Every stable diagnostic code `evcat lint` can report. */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'unexpected-file'
  | 'missing-file'
  | 'unknown-key'
  | 'missing-key'
  | 'invalid-value'
  | 'family-mismatch'
  | 'missing-family'
  | 'unknown-group'
  | 'duplicate-event'
  | 'ambiguous-discriminator'
  | 'invalid-match'
  | 'unknown-ref'
  | 'invalid-schema'
  | 'unknown-source'
  | 'invalid-example'
  | 'unbacked-constraint'
  | 'example-only-constraint'
  | 'orphan-evidence'
  | 'invalid-version'
  | 'conflicting-versions'
  | 'misplaced-version'
  | 'unknown-version'
  | 'name-collision'
  | 'unknown-shape'
  | 'invalid-template'
  | 'template-pattern'
  | 'invalid-pool'
  | 'unknown-event'

/** One problem found in the catalog, with where it is and how to fix it. */
export interface Diagnostic {
  readonly code: DiagnosticCode
  readonly severity: 'error' | 'warn'
  readonly message: string
  readonly location: SourceLocation
  readonly hint?: string
}

/** Base class of every error evcat throws on purpose. */
export class EvcatError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
  }
}

/** The catalog is wrong and the user can fix it. Carries every diagnostic, not just the first. */
export class CatalogError extends EvcatError {
  readonly diagnostics: readonly Diagnostic[]
  constructor(diagnostics: readonly Diagnostic[]) {
    super(`catalog has ${diagnostics.length} problem(s)`)
    this.diagnostics = diagnostics
  }
}

/** A usage problem the user can fix (bad argument, missing file); exit code 1 or 2 is decided by the CLI. */
export class UsageError extends EvcatError {}

/** Formats a diagnostic as `file:line:col: message [code]` plus an indented hint line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.location.file}:${d.location.line}:${d.location.column}`
  const head = `${where}: ${d.severity}: ${d.message} [${d.code}]`
  return d.hint === undefined ? head : `${head}\n    hint: ${d.hint}`
}

/** Orders diagnostics by file, line, column, then code (code-unit order, never locale). */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    cmp(a.code, b.code) ||
    cmp(a.message, b.message)
  )
}

/** Code-unit string comparison; deterministic on every machine. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
