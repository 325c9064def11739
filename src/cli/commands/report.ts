import type { Command } from 'commander'
import { readFile, writeFile } from 'node:fs/promises'
import { UsageError } from '../../errors.js'
import { formatReport } from '../../validate/report/index.js'
import { asReportDoc, reportFromDoc } from '../../validate/report/json-doc.js'
import { mergeReports } from '../../validate/report/merge.js'
import type { ReportFormat } from '../../validate/types.js'
import { EXIT } from '../io.js'
import type { CommandContext } from '../main.js'
import { parseCount } from '../option-values.js'

const FORMATS: readonly ReportFormat[] = ['json', 'text', 'junit', 'github', 'sarif']

/** `evcat report merge REPORT…`: sums JSON reports (of several consumers, or runs) into one. */
export function registerReport(program: Command, { io, setExit }: CommandContext): void {
  const report = program.command('report').description('work with JSON reports of "evcat validate" and "evcat tap"')
  report
    .command('merge')
    .description('sum JSON reports into one: counts add up, events seen, problems in order of time')
    .argument('<reports...>', 'JSON reports (evcat validate --format json, evcat tap --report)')
    .option('--out <file>', 'write the merged report to FILE instead of stdout')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'json')
    .option('--max-problems <n>', 'list at most N problems, the earliest', '1000')
    .addHelpText(
      'after',
      '\nReports of competing consumers (evcat tap amqp://… --queue Q --report R) can count one message twice when a\n' +
        'consumer died after writing it and RabbitMQ delivered it again: those records are listed in each report\n' +
        '(tap.atRisk) with the message id, and the merge counts each message once.\n\n' +
        'Exit codes: 0 nothing invalid or unreadable, 1 otherwise, 2 a report that cannot be read.\n\n' +
        'Example:\n  $ evcat report merge a.json b.json c.json --out all.json',
    )
    .action(async (files: string[], opts: { out?: string; format: string; maxProblems: string }) => {
      if (!FORMATS.includes(opts.format as ReportFormat))
        throw new UsageError(`unknown --format "${opts.format}"; use one of: ${FORMATS.join(', ')}`)
      const maxProblems = parseCount(opts.maxProblems, '--max-problems', 0)
      const inputs = await Promise.all(
        files.map(async (name) => ({ name, doc: asReportDoc(await readJson(name), name) })),
      )
      const merged = mergeReports(inputs, { maxProblems })
      const text =
        opts.format === 'json'
          ? JSON.stringify(merged, null, 2) + '\n'
          : formatReport(reportFromDoc(merged), opts.format as ReportFormat)
      if (opts.out === undefined) io.out(text)
      else await writeFile(opts.out, text)
      const s = merged.summary
      setExit(s.invalid > 0 || s.unreadable > 0 ? EXIT.problems : EXIT.ok)
    })
}

async function readJson(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new UsageError(`${file} is not JSON (${(error as Error).message}): give JSON reports (--format json)`)
  }
}
