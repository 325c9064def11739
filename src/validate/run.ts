import { createDispatcher, type FamilyTable, type Verdict } from '../runtime/dispatch.js'
import { dispatchOptions } from './dispatch-options.js'
import { openInput, readRecords, StoppedReading } from './input/index.js'
import { Tally } from './tally.js'
import type { InputKind, InputRecord, LineResult, Status, Summary, ValidationReport } from './types.js'

/** Options of a validation run. */
export interface ValidateOptions {
  /** Force one family instead of detecting it per record. @default detect */
  readonly family?: string
  /** Judge these families as one known server version sends (`{ lxd: '5.0.2' }`). @default any known version */
  readonly servers?: Readonly<Record<string, string>>
  /** Drift counts as invalid. @default false */
  readonly strict?: boolean
  /** Keep at most this many problem records in the report; counting is never bounded. @default 1000 */
  readonly maxProblems?: number
  /** Force the input format instead of detecting it. @default detect */
  readonly kind?: InputKind
  /** Called after each batch of records is judged, with the counts so far (a status line; flush live output). */
  readonly onProgress?: (counts: Readonly<Summary>) => void
  /** Called with each problem the report lists (see maxProblems), in input order, as soon as it is judged. */
  readonly onProblem?: (problem: LineResult) => void
  /**
   * Keep the listed problems in the report's `problems`. `false` when onProblem prints them: the report's problems
   * are then empty (the counts and omittedProblems stay), and a long live run holds none in memory. @default true
   */
  readonly keepProblems?: boolean
  /**
   * Stops reading when aborted: the records read so far are judged and reported, the inputs not yet opened are
   * not, and the report's `stoppedBy` is the abort's reason when that is a string (the CLI gives a signal's name).
   */
  readonly signal?: AbortSignal
}

/** Validates every record of every input against the generated family tables, streaming, and builds the report. */
export async function validateInputs(
  inputs: readonly string[],
  tables: readonly FamilyTable[],
  options: ValidateOptions = {},
): Promise<ValidationReport> {
  const dispatch = createDispatcher(tables, dispatchOptions(options))
  const tally = new Tally(options.maxProblems ?? 1000)
  tally.onKept = options.onProblem
  tally.keepProblems = options.keepProblems !== false
  const strict = options.strict === true
  await forEachBatch(inputs, tally, options, async (batch) => judgeInto(tally, batch, dispatch, strict))
  return tally.report(strict)
}

/** Judges every record of a batch and counts it in the tally. */
export function judgeInto(
  tally: Tally,
  batch: readonly InputRecord[],
  dispatch: (value: unknown, text?: string) => Verdict,
  strict: boolean,
): void {
  for (const record of batch) {
    const result = judge(record, dispatch, strict)
    tally.add(result.status, result.family, result.event, result as LineResult)
  }
}

/** Reads every input in batches, recording each file's summary (or why it could not be read) in the tally. */
export async function forEachBatch(
  inputs: readonly string[],
  tally: Tally,
  options: ValidateOptions,
  each: (batch: readonly InputRecord[]) => Promise<void>,
): Promise<void> {
  for (const file of inputs) {
    // A stop between two inputs: the next one is not opened.
    if (options.signal?.aborted === true) {
      tally.stoppedBy = stopReason(options.signal)
      return
    }
    let records = 0
    let kind: InputKind | undefined
    try {
      const input = await openInput(file)
      const onKind = (k: InputKind): void => {
        kind = k
      }
      for await (const batch of readRecords(input, {
        ...(options.kind === undefined ? {} : { kind: options.kind }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onKind,
      })) {
        records += batch.length
        await each(batch)
        options.onProgress?.(tally.counts)
      }
      tally.files.push({ file, records, ...(kind === undefined ? {} : { kind }) })
    } catch (error) {
      if (error instanceof StoppedReading) {
        tally.files.push({ file, records, ...(kind === undefined ? {} : { kind }) })
        tally.stoppedBy = stopReason(options.signal)
        return
      }
      tally.files.push({ file, records, error: error instanceof Error ? error.message : String(error) })
    }
  }
}

/** What the report says stopped reading: the abort's reason when it is a string (a signal's name). */
export function stopReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason
  return typeof reason === 'string' ? reason : 'a stop'
}

/** The verdict on one record: unreadable when it is not a JSON object, else what its event's validators say. */
export function judge(
  record: InputRecord,
  dispatch: (value: unknown, text?: string) => Verdict,
  strict: boolean,
): LineResult | Verdict {
  if (record.error !== undefined) return unreadable(record, record.error)
  let value: unknown
  let text: string | undefined
  if ('value' in record) value = record.value
  else {
    text = record.text ?? ''
    try {
      // Plain JSON.parse first: the dispatcher parses again exactly only for families with big integers.
      value = JSON.parse(text)
    } catch (error) {
      return unreadable(record, `not JSON: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return unreadable(
      record,
      `not an object: a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`,
    )
  }
  let v: Verdict
  try {
    v = dispatch(value, text)
  } catch (error) {
    // Only the exact re-parse throws (a string spelling its marker): the record cannot be read exactly.
    return unreadable(record, `not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  // A valid record's verdict is a shared frozen object: nothing is allocated for it.
  if (v.status === 'valid') return v
  const status: Status = strict && v.status === 'drift' ? 'invalid' : v.status
  return {
    file: record.file,
    line: record.line,
    status,
    ...(v.family === undefined ? {} : { family: v.family }),
    ...(v.event === undefined ? {} : { event: v.event }),
    errors: v.problems,
  }
}

/** The verdict on a record that is not a JSON object, or could not be read at all. */
export function unreadable(record: Pick<InputRecord, 'file' | 'line'>, message: string): LineResult {
  return {
    file: record.file,
    line: record.line,
    status: 'unreadable',
    errors: [{ pointer: '', message, kind: 'contract' }],
  }
}
