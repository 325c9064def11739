import { rename, writeFile } from 'node:fs/promises'
import { problemJson, reportJson } from '../validate/report/json.js'
import { formatReport, type ReportOptions } from '../validate/report/index.js'
import type { LineResult, ReportFormat, ValidationReport } from '../validate/types.js'
import type { LiveJudge } from './judge.js'
import { WriteFailed } from './sink.js'
import { atRisk, type AtRisk, type GapRecord, type TapState } from './state.js'

const iso = (ms: number): string => new Date(ms).toISOString()

/** The JSON of one problem as `evcat validate --format json` writes it, plus when it arrived. */
function timedProblemJson(p: LineResult, time: number | undefined): object {
  return { ...problemJson(p), time: time === undefined ? null : iso(time) }
}

function atRiskJson(r: AtRisk): object {
  return {
    out: r.out,
    id: r.id,
    line: r.line,
    status: r.status,
    family: r.family ?? null,
    event: r.event ?? null,
    redelivered: r.redelivered,
  }
}

function gapJson(g: GapRecord): object {
  const seconds = Math.round((g.to - g.from) / 100) / 10
  return {
    source: g.source,
    out: g.out,
    from: iso(g.from),
    to: iso(g.to),
    seconds,
    reason: g.reason,
    afterLine: g.afterLine,
  }
}

/** The `tap` section: where the frames came from, what the run counted, its gaps and its records at risk. */
export function tapSection(state: TapState): object {
  return {
    reports: [
      {
        source: state.source,
        out: state.out,
        started: iso(state.started),
        ended: state.ended === undefined ? null : iso(state.ended),
      },
    ],
    frames: state.frames,
    bytes: state.bytes,
    lineBreaksReplaced: state.lineBreaksReplaced,
    redelivered: state.redelivered,
    reconnects: state.reconnects,
    gaps: state.gaps.map(gapJson),
    atRisk: atRisk(state).map(atRiskJson),
    duplicates: 0,
  }
}

const indent = (json: string, by: string): string => json.replace(/\n/g, `\n${by}`)

/**
 * Writes the tap's JSON report: `evcat validate --format json`'s document (same keys, same order), each problem
 * with its arrival `time`, and a `tap` section. Problems are serialized once, when first written, because a
 * consumer rewrites the report before every acknowledgement.
 */
export class TapReport {
  private readonly problemTexts: string[] = []

  constructor(
    private readonly judge: LiveJudge,
    private readonly state: TapState,
    /** What the text, JUnit, GitHub and SARIF reports say of the catalog (its version, from out/'s manifest). */
    private readonly options: ReportOptions = {},
  ) {}

  /** The whole document, as `JSON.stringify(doc, null, 2)` would print it. */
  json(): string {
    const report = this.judge.tally.report(this.judge.options.strict)
    const problems = report.problems
    for (let i = this.problemTexts.length; i < problems.length; i++)
      this.problemTexts.push(
        '    ' + indent(JSON.stringify(timedProblemJson(problems[i]!, this.judge.times[i]), null, 2), '    '),
      )
    const { summary, events, unlistedEvents } = reportJson(report)
    const field = (key: string, value: unknown): string =>
      `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}`
    const parts = [
      field('summary', summary),
      field('files', [{ file: this.state.out, records: summary.total, kind: 'jsonl', error: null }]),
      field('events', events),
      field('unlistedEvents', unlistedEvents),
      this.problemTexts.length === 0 ? '  "problems": []' : `  "problems": [\n${this.problemTexts.join(',\n')}\n  ]`,
      field('omittedProblems', report.omittedProblems),
      field('strict', report.strict),
      field('stoppedBy', report.stoppedBy ?? null),
      field('tap', tapSection(this.state)),
    ]
    return `{\n${parts.join(',\n')}\n}\n`
  }

  /** Records why the tap stopped (a signal, --duration, --count, a closed stdout): the report's `stoppedBy`. */
  stopped(reason: string | undefined): void {
    this.judge.tally.stoppedBy = reason
  }

  /** The validation report (for the other formats). */
  validation(): ValidationReport {
    return this.judge.tally.report(this.judge.options.strict)
  }

  /** Replaces `file` with the current JSON report atomically (a temp file renamed over it). */
  async checkpoint(file: string): Promise<void> {
    const temp = `${file}.${process.pid}.tmp`
    try {
      await writeFile(temp, this.json())
      await rename(temp, file)
    } catch (error) {
      const e = error as NodeJS.ErrnoException
      const why = e.code === 'ENOSPC' ? 'no space left on the device' : e.message
      throw new WriteFailed(`cannot write the report ${file}: ${why}`)
    }
  }

  /** The final report in `format` (JSON with the tap section, the others as `evcat validate` makes them). */
  render(format: ReportFormat): string {
    return format === 'json' ? this.json() : formatReport(this.validation(), format, this.options)
  }
}
