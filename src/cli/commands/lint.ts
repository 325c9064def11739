import type { Command } from 'commander'
import { formatDiagnostic } from '../../errors.js'
import { EXIT } from '../io.js'
import { loadModel } from '../load.js'
import type { CommandContext } from '../main.js'

/** `evcat lint`: checks the catalog and prints every problem with file:line:col and a hint. */
export function registerLint(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('lint')
    .description('check the catalog and report every problem at once')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--json', 'print diagnostics as a JSON array')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ evcat lint --catalog catalog\n' +
        '  catalog/lxd/lifecycle-instance.yaml:12:7: error: unknown key "sumary" at /events/3 [unknown-key]\n' +
        '      hint: the keys allowed here are: name, value, ...\n' +
        '  $ evcat lint --json | jq length   # the diagnostics as a JSON array',
    )
    .action(async (opts: { catalog: string; json?: boolean }) => {
      const result = await loadModel(opts.catalog)
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length
      if (opts.json) {
        io.out(JSON.stringify(result.diagnostics, null, 2) + '\n')
      } else {
        for (const d of result.diagnostics) io.out(formatDiagnostic(withDir(opts.catalog, d)) + '\n')
        const events = result.model?.families.reduce((n, f) => n + f.events.length, 0)
        io.out(
          errors === 0
            ? `catalog ok: ${result.model?.families.length} families, ${events} events\n`
            : `${errors} error(s)\n`,
        )
      }
      setExit(errors === 0 ? EXIT.ok : EXIT.problems)
    })
}

function withDir<T extends { location: { file: string } }>(dir: string, d: T): T {
  const prefix = dir.replace(/\/+$/, '')
  return { ...d, location: { ...d.location, file: `${prefix}/${d.location.file}` } }
}
