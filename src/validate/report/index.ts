import { UsageError } from '../../errors.js'
import type { ReportFormat, ValidationReport } from '../types.js'
import type { ReportOptions } from './common.js'
import { formatGithub } from './github.js'
import { formatJson } from './json.js'
import { formatJsonl } from './jsonl.js'
import { formatJunit } from './junit.js'
import { formatSarif } from './sarif.js'
import { formatText } from './text.js'

export type { ReportOptions } from './common.js'
export { ReportStream, STREAMING_FORMATS, type StreamOptions } from './stream.js'

/** Renders a validation report in one `--format`; pure and deterministic, so the CLI only has to print it. */
export function formatReport(report: ValidationReport, format: ReportFormat, options: ReportOptions = {}): string {
  switch (format) {
    case 'text':
      return formatText(report, options)
    case 'json':
      return formatJson(report)
    case 'jsonl':
      return formatJsonl(report)
    case 'junit':
      return formatJunit(report, options)
    case 'github':
      return formatGithub(report, options)
    case 'sarif':
      return formatSarif(report, options)
    default:
      // Unreachable for typed callers; a format string straight from the command line still gets a clear error.
      throw new UsageError(`unknown report format: ${String(format satisfies never)}`)
  }
}
