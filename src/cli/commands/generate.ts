import type { Command } from 'commander'
import { inputsFingerprint } from '../../emit/fingerprint.js'
import { checkOutput, finalize, quickCheck, writeOutput } from '../../emit/write.js'
import { generate } from '../../generate.js'
import { EXIT } from '../io.js'
import { requireModel } from '../load.js'
import type { CommandContext } from '../main.js'
import { releaseVersionVerdict } from './release-version.js'

/** `evcat generate [--out DIR] [--check]`: writes everything the catalog generates, or checks that out/ is fresh. */
export function registerGenerate(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('generate')
    .description('generate types (and everything else) from the catalog into the output folder')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--out <dir>', 'output folder', 'out')
    .option('--check', 'write nothing; exit 1 and name every stale, missing or orphaned file')
    .option('--full', 'with --check: always generate again and compare, even when the manifest proves out/ fresh')
    .addHelpText(
      'after',
      "\nWith --check, when the manifest records the same inputs (catalog files, evcat's code and lockfile) and every\n" +
        'file still has its recorded hash, out/ is fresh without generating again; otherwise everything is generated and compared.\n\n' +
        'Examples:\n  $ evcat generate\n  $ evcat generate --check          # before a commit: is out/ fresh?\n  $ evcat generate --check --full   # in CI: generate again and compare every byte',
    )
    .action(async (opts: { catalog: string; out: string; check?: boolean; full?: boolean }) => {
      const inputs = await inputsFingerprint(opts.catalog)
      if (opts.check && !opts.full) {
        const fresh = await quickCheck(opts.out, inputs)
        if (fresh !== undefined) {
          io.out(`${opts.out} is fresh (${fresh} files; the manifest records these inputs and every hash matches)\n`)
          setExit(await releaseVersionVerdict(opts.catalog, opts.out, io))
          return
        }
      }
      const model = await requireModel(opts.catalog)
      // Imported here, not at the top: the generators pull in TypeScript and prettier, which
      // `evcat validate` must not pay for at start-up.
      const { defaultGenerators } = await import('../../../generators/index.js')
      const files = finalize(model, await generate(model, defaultGenerators), { inputs })
      if (opts.check) {
        const stale = await checkOutput(opts.out, files)
        for (const s of stale) io.out(`${opts.out}/${s.path}: ${s.reason}\n`)
        io.out(
          stale.length === 0
            ? `${opts.out} is fresh (${files.length} files)\n`
            : `${stale.length} file(s) differ; run "evcat generate"\n`,
        )
        setExit(stale.length === 0 ? EXIT.ok : EXIT.problems)
        setExit(await releaseVersionVerdict(opts.catalog, opts.out, io, model))
        return
      }
      await writeOutput(opts.out, files)
      io.out(`wrote ${files.length} files to ${opts.out}\n`)
    })
}
