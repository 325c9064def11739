import type { Command } from 'commander'
import { UsageError } from '../../errors.js'
import { EXIT } from '../io.js'
import type { CommandContext } from '../main.js'
import type { Severity } from '../../registry/rules.js'
import { DIFF_FORMATS, type DiffFormat } from '../../registry/diff/format/index.js'
import { reportRegistryError } from './registry-errors.js'

const FAIL_ON: readonly Severity[] = ['breaking', 'compatible', 'docs']

/** `evcat diff --against REF`: every change between two catalogs, by compatibility rule, with an exit-code contract. */
export function registerDiff(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('diff')
    .description('compare the catalog with another (a git revision, a folder or a published version), rule by rule')
    .requiredOption(
      '--against <ref>',
      'git revision (main, v0.1.0, HEAD~3), folder, package version (@evcat/events@0.1.0) or .tgz',
    )
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--format <format>', `output format: ${DIFF_FORMATS.join(', ')}`, 'text')
    .option(
      '--fail-on <severity>',
      'fail on changes at least this severe: breaking, compatible (any non-docs change) or docs (any change)',
      'breaking',
    )
    .option('--registry <url>', "npm registry for package versions (default: npm's configured registry)")
    .addHelpText(
      'after',
      `
Acknowledged changes (catalog/accepted-changes.yaml) are shown but never fail; an entry that matches
nothing is reported as stale. The rules: out/docs/compatibility.md.

Exit codes: 0 nothing fails (by default: nothing breaking), 1 a change fails (or a catalog fails lint),
2 usage or internal error (unknown revision, missing folder, registry down).

Examples:
  $ evcat diff --against v0.1.0
  $ evcat diff --against main --format github
  $ evcat diff --against @evcat/events@0.1.0 --format json --fail-on compatible`,
    )
    .action(async (opts: { against: string; catalog: string; format: string; failOn: string; registry?: string }) => {
      if (!(DIFF_FORMATS as readonly string[]).includes(opts.format))
        throw new UsageError(`unknown --format "${opts.format}"; use one of: ${DIFF_FORMATS.join(', ')}`)
      if (!FAIL_ON.includes(opts.failOn as Severity))
        throw new UsageError(`unknown --fail-on "${opts.failOn}"; use one of: ${FAIL_ON.join(', ')}`)
      const [{ runDiff }, { formatDiff }, { exitCode }] = await Promise.all([
        import('../../registry/diff/run.js'),
        import('../../registry/diff/format/index.js'),
        import('../../registry/diff/report.js'),
      ])
      try {
        const report = await runDiff({
          catalog: opts.catalog,
          against: opts.against,
          failOn: opts.failOn as Severity,
          ...(opts.registry === undefined ? {} : { registry: opts.registry }),
        })
        io.out(formatDiff(report, opts.format as DiffFormat))
        setExit(exitCode(report) === 1 ? EXIT.problems : EXIT.ok)
      } catch (error) {
        setExit(reportRegistryError(error, io))
      }
    })
}
