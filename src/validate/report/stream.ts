import type { LineResult, ReportFormat, ValidationReport } from '../types.js'
import type { ReportOptions } from './common.js'
import { githubEnd, githubProblem } from './github.js'
import { formatJson } from './json.js'
import { jsonlEnd, jsonlProblem } from './jsonl.js'
import { formatJunit } from './junit.js'
import { formatSarif } from './sarif.js'
import { textEnd, textProblem } from './text.js'

/** The formats whose problems are printed as records are judged; json, junit and sarif are whole documents. */
export const STREAMING_FORMATS: readonly ReportFormat[] = ['text', 'github', 'jsonl']

/** Options of a report stream: those of every reporter, and whether drift fails (the github format says so). */
export interface StreamOptions extends ReportOptions {
  /** Drift counts as a failure (--strict). @default false */
  readonly strict?: boolean
}

/**
 * A report printed while it is made. Give it each problem the report keeps, in input order (`problem`, e.g. as
 * `Tally.onKept`), call `flush` when a batch of records (or one live message) has been judged, and `end` with the
 * finished report. In text, github and jsonl each problem is written at the flush after it; json, junit and sarif
 * are whole documents, written by `end`. Either way, everything written equals `formatReport(report, format)`.
 */
export class ReportStream {
  /** Whether problems are written as they come (text, github, jsonl), rather than all at the end. */
  readonly streaming: boolean
  private pending: string[] = []
  private printed = false

  constructor(
    private readonly format: ReportFormat,
    private readonly write: (text: string) => void,
    private readonly options: StreamOptions = {},
  ) {
    this.streaming = STREAMING_FORMATS.includes(format)
  }

  /** Renders a problem the report keeps; it is written at the next flush. */
  problem(p: LineResult): void {
    if (!this.streaming) return
    this.pending.push(this.render(p))
    this.printed = true
  }

  /** Writes the problems rendered since the last flush, in one write. */
  flush(): void {
    if (this.pending.length === 0) return
    const text = this.pending.join('')
    this.pending = []
    this.write(text)
  }

  /** Writes what is left: the summary after the problems, or the whole document. */
  end(report: ValidationReport): void {
    this.flush()
    this.write(this.rest(report))
  }

  private render(p: LineResult): string {
    if (this.format === 'github') return githubProblem(p, this.options.strict === true)
    if (this.format === 'jsonl') return jsonlProblem(p)
    return textProblem(p, this.options)
  }

  private rest(report: ValidationReport): string {
    switch (this.format) {
      case 'text':
        return textEnd(report, this.options, this.printed)
      case 'github':
        return githubEnd(report, this.options)
      case 'jsonl':
        return jsonlEnd(report)
      case 'json':
        return formatJson(report)
      case 'junit':
        return formatJunit(report, this.options)
      case 'sarif':
        return formatSarif(report, this.options)
    }
  }
}
