// evcat as a library: the pipeline's stages for programs (bench, tests, the --jobs workers' callers).
// The CLI is one such program; it adds argument parsing, printing and exit codes. The generators are offered
// by the `evcat/generators` entry, since src/ never imports generators/.

// Load and check
export { loadCatalog, catalogFromTexts } from './catalog/load.js'
export { checkCatalog, validateCatalog, type CheckResult } from './catalog/check.js'
export type { RawCatalog, RawFile, ValidatedCatalog } from './catalog/types.js'
export {
  CatalogError,
  EvcatError,
  UsageError,
  formatDiagnostic,
  type Diagnostic,
  type DiagnosticCode,
  type SourceLocation,
} from './errors.js'

// Model
export { buildModel } from './model/build.js'
export type { CatalogModel, EventModel, FamilyModel, GroupModel, SourceModel } from './model/types.js'

// Generate and write
export { generate, generateStream } from './generate.js'
export type { GeneratedFile, Generator } from './emit/generated-file.js'
export {
  checkOutput,
  finalize,
  quickCheck,
  writeOutput,
  MANIFEST,
  type FinalFile,
  type StaleFile,
} from './emit/write.js'
export { checkOutputStream, writeOutputStream, type FileSource } from './emit/stream.js'
export { inputsFingerprint } from './emit/fingerprint.js'

// Validate
export { validateInputs, type ValidateOptions } from './validate/run.js'
export { validateInputsParallel } from './validate/parallel.js'
export { openInput, readRecords, type InputSource, type ReadOptions } from './validate/input/index.js'
export { formatReport, ReportStream, type ReportOptions, type StreamOptions } from './validate/report/index.js'
export type { InputKind, LineResult, ReportFormat, Status, ValidationReport } from './validate/types.js'

// The dispatcher and its tables (what out/validators exports), exact JSON: also alone as `evcat/runtime`
export * from './runtime/index.js'

// JSON Schema helpers and the seeded PRNG
export { createPayloadAjv } from './schema/ajv.js'
export type { JsonSchema } from './schema/types.js'
export { Rng } from './prng.js'
