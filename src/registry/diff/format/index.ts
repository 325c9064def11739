import type { DiffReport } from '../report.js'
import { formatGithub } from './github.js'
import { formatJson } from './json.js'
import { formatMarkdown } from './markdown.js'
import { formatText } from './text.js'

/** The formats of `evcat diff --format`. */
export const DIFF_FORMATS = ['text', 'json', 'markdown', 'github'] as const

/** One of DIFF_FORMATS. */
export type DiffFormat = (typeof DIFF_FORMATS)[number]

/** Prints a diff report in a format. */
export function formatDiff(report: DiffReport, format: DiffFormat): string {
  switch (format) {
    case 'text':
      return formatText(report)
    case 'json':
      return formatJson(report)
    case 'markdown':
      return formatMarkdown(report)
    case 'github':
      return formatGithub(report)
  }
}
