import type { LineResult, ValidationReport } from '../types.js'
import { problemJson, reportJson } from './json.js'

/** One problem as a JSON line: `{"type":"problem", …}` with the fields of a json report's problem. */
export function jsonlProblem(p: LineResult): string {
  return JSON.stringify({ type: 'problem', ...problemJson(p) }) + '\n'
}

/** The last line: `{"type":"summary", …}` with everything a json report holds but its problems. */
export function jsonlEnd(report: ValidationReport): string {
  const summary = {
    type: 'summary',
    ...reportJson(report),
    omittedProblems: report.omittedProblems,
    strict: report.strict,
    stoppedBy: report.stoppedBy ?? null,
  }
  return JSON.stringify(summary) + '\n'
}

/**
 * JSON Lines for scripts that read as they go: one object per problem record, in input order, then one summary
 * object. Unlike json, it can be printed as records are judged.
 */
export function formatJsonl(report: ValidationReport): string {
  return report.problems.map(jsonlProblem).join('') + jsonlEnd(report)
}
