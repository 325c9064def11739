import type { Command } from 'commander'
import { checkOutput, finalize, writeOutput } from '../../emit/write.js'
import { generate } from '../../generate.js'
import { EXIT } from '../io.js'
import { requireModel } from '../load.js'
import type { CommandContext } from '../main.js'

/** `evcat generate [--out DIR] [--check]`: writes everything the catalog generates, or checks that out/ is fresh. */
export function registerGenerate(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('generate')
    .description('generate types (and everything else) from the catalog into the output folder')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--out <dir>', 'output folder', 'out')
    .option('--check', 'write nothing; exit 1 and name every stale, missing or orphaned file')
    .addHelpText('after', '\nExamples:\n  $ evcat generate\n  $ evcat generate --check   # in CI: is out/ fresh?')
    .action(async (opts: { catalog: string; out: string; check?: boolean }) => {
      const model = await requireModel(opts.catalog)
      // Imported here, not at the top: the generators pull in TypeScript and prettier, which
      // `evcat validate` must not pay for at start-up.
      const { defaultGenerators } = await import('../../../generators/index.js')
      const files = finalize(model, await generate(model, defaultGenerators))
      if (opts.check) {
        const stale = await checkOutput(opts.out, files)
        for (const s of stale) io.out(`${opts.out}/${s.path}: ${s.reason}\n`)
        io.out(stale.length === 0 ? `${opts.out} is fresh (${files.length} files)\n` : `${stale.length} file(s) differ; run "evcat generate"\n`)
        setExit(stale.length === 0 ? EXIT.ok : EXIT.problems)
        return
      }
      await writeOutput(opts.out, files)
      io.out(`wrote ${files.length} files to ${opts.out}\n`)
    })
}
