import { createDispatcher, type FamilyTable, type Verdict } from '../runtime/dispatch.js'
import { parseExact } from '../runtime/parse.js'
import { openInput, readRecords } from './input/index.js'
import type { FileSummary, InputKind, InputRecord, LineResult, Status, ValidationReport } from './types.js'

/** Options of a validation run. */
export interface ValidateOptions {
  /** Force one family instead of detecting it per record. @default detect */
  readonly family?: string
  /** Drift counts as invalid. @default false */
  readonly strict?: boolean
  /** Keep at most this many problem records in the report; counting is never bounded. @default 1000 */
  readonly maxProblems?: number
  /** Force the input format instead of detecting it. @default detect */
  readonly kind?: InputKind
  /** Called now and then with the number of records done (for a progress line). */
  readonly onProgress?: (records: number) => void
}

// Distinct unknown event names kept in the coverage counts; more are folded into one bucket so memory stays flat.
const MAX_EVENT_NAMES = 10_000

/** Validates every record of every input against the generated family tables, streaming, and builds the report. */
export async function validateInputs(inputs: readonly string[], tables: readonly FamilyTable[], options: ValidateOptions = {}): Promise<ValidationReport> {
  const dispatch = createDispatcher(tables, options.family === undefined ? {} : { family: options.family })
  const counts = { total: 0, valid: 0, invalid: 0, drift: 0, unreadable: 0 }
  const events: Record<string, Record<string, number>> = {}
  let eventNames = 0
  const problems: LineResult[] = []
  let omitted = 0
  const maxProblems = options.maxProblems ?? 1000
  const files: FileSummary[] = []

  const count = (family: string | undefined, event: string | undefined): void => {
    if (family === undefined || event === undefined) return
    const byEvent = (events[family] ??= Object.create(null) as Record<string, number>)
    if (byEvent[event] === undefined) {
      if (eventNames >= MAX_EVENT_NAMES) event = '(other unknown events)'
      else eventNames++
    }
    byEvent[event] = (byEvent[event] ?? 0) + 1
  }

  for (const file of inputs) {
    let records = 0
    let kind: InputKind | undefined
    try {
      const input = await openInput(file)
      const onKind = (k: InputKind): void => {
        kind = k
      }
      for await (const batch of readRecords(input, { ...(options.kind === undefined ? {} : { kind: options.kind }), onKind })) {
        for (const record of batch) {
          records++
          const result = judge(record, dispatch, options.strict === true)
          counts.total++
          counts[result.status]++
          count(result.family, result.event)
          if (result.status !== 'valid') {
            if (problems.length < maxProblems) problems.push(result)
            else omitted++
          }
        }
        options.onProgress?.(counts.total)
      }
      files.push({ file, records, ...(kind === undefined ? {} : { kind }) })
    } catch (error) {
      files.push({ file, records, error: error instanceof Error ? error.message : String(error) })
    }
  }
  return { summary: counts, files, events, problems, omittedProblems: omitted, strict: options.strict === true }
}

/** The verdict on one record: unreadable when it is not a JSON object, else what its event's validators say. */
export function judge(record: InputRecord, dispatch: (value: unknown) => Verdict, strict: boolean): LineResult {
  const base = { file: record.file, line: record.line }
  if (record.error !== undefined) return unreadable(base, record.error)
  let value: unknown
  if ('value' in record) value = record.value
  else {
    try {
      value = parseExact(record.text ?? '')
    } catch (error) {
      return unreadable(base, `not JSON: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return unreadable(base, `not an object: a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`)
  }
  const v = dispatch(value)
  const status: Status = strict && v.status === 'drift' ? 'invalid' : v.status
  return { ...base, status, ...(v.family === undefined ? {} : { family: v.family }), ...(v.event === undefined ? {} : { event: v.event }), errors: v.problems }
}

function unreadable(base: { file: string; line: number }, message: string): LineResult {
  return { ...base, status: 'unreadable', errors: [{ pointer: '', message, kind: 'contract' }] }
}
