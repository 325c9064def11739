/** What one input record turned out to be. */
export type Status = 'valid' | 'invalid' | 'drift' | 'unreadable'

/** One record read from an input: its raw text, or why it could not be read. */
export interface InputRecord {
  /** The input's name as the user gave it (`-` for standard input). */
  readonly file: string
  /** 1-based line where the record starts. */
  readonly line: number
  /** The record's JSON text (JSONL line, array element, lxc monitor JSON block). */
  readonly text?: string
  /** The record's value when the reader had to parse it itself (YAML documents). */
  readonly value?: unknown
  /** Why the record is unreadable (bad UTF-8, too long, not a complete document); set instead of text/value. */
  readonly error?: string
}

/** The input formats `evcat validate` reads. */
export type InputKind = 'jsonl' | 'json' | 'json-seq' | 'json-concat' | 'yaml'

/** One problem in one record: where (JSON Pointer), and what, for people. */
export interface LineError {
  readonly pointer: string
  readonly message: string
  /** `drift`: a field or event the catalog does not know; `contract`: the record breaks the catalog. */
  readonly kind: 'contract' | 'drift'
}

/** The verdict on one record. */
export interface LineResult {
  readonly file: string
  readonly line: number
  readonly status: Status
  readonly family?: string
  readonly event?: string
  readonly errors: readonly LineError[]
}

/** Counts that always add up: total = valid + invalid + drift + unreadable. */
export interface Summary {
  readonly total: number
  readonly valid: number
  readonly invalid: number
  readonly drift: number
  readonly unreadable: number
}

/** One input file: how many records it had, and the error when it could not be opened or read to the end. */
export interface FileSummary {
  readonly file: string
  readonly records: number
  readonly kind?: InputKind
  readonly error?: string
}

/** The whole result of `evcat validate`, what every reporter formats. */
export interface ValidationReport {
  readonly summary: Summary
  readonly files: readonly FileSummary[]
  /** family → event name → how many records of it were seen (valid, drift or invalid); at most 10,000 names. */
  readonly events: Readonly<Record<string, Readonly<Record<string, number>>>>
  /** family → the events seen past the listing limit, counted but not listed in `events`. */
  readonly unlistedEvents?: Readonly<Record<string, UnlistedEvents>>
  /** The invalid, drift and unreadable records, in input order, at most `maxProblems` of them. */
  readonly problems: readonly LineResult[]
  /** How many problems were counted but left out of `problems` by --max-problems. */
  readonly omittedProblems: number
  /** Whether --strict turned drift into invalid. */
  readonly strict: boolean
  /** What stopped reading before the inputs ended (`SIGINT`, `SIGTERM`): the report covers what was read. */
  readonly stoppedBy?: string
}

/** Events of one family that were counted but not listed (a run with more distinct events than the limit). */
export interface UnlistedEvents {
  /** Distinct events not listed. */
  readonly events: number
  /** Records of those events. */
  readonly records: number
  /** Set when there were too many to count exactly: `events` is then a lower bound. */
  readonly atLeast?: true
}

/** The report formats of `evcat validate --format`. */
export type ReportFormat = 'text' | 'json' | 'jsonl' | 'junit' | 'github' | 'sarif'
