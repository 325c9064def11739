import type { Command } from 'commander'
import { inputsFingerprint } from '../../emit/fingerprint.js'
import { assertReplaceable } from '../../emit/ownership.js'
import { findDebris, recoverOutput, type SwapStep } from '../../emit/swap.js'
import { checkOutputStream, writeOutputStream } from '../../emit/stream.js'
import { quickCheck } from '../../emit/write.js'
import { generateStream } from '../../generate.js'
import { packageRoot } from '../../package-root.js'
import { collectGarbageSooner } from '../heap.js'
import { swapPauseHook, whileWriting } from '../interrupt.js'
import { EXIT } from '../io.js'
import { requireModel } from '../load.js'
import type { CommandContext } from '../main.js'
import { releaseVersionVerdict } from './release-version.js'

interface GenerateOptions {
  catalog: string
  out: string
  check?: boolean
  full?: boolean
  force?: boolean
}

/** `evcat generate [--out DIR] [--check]`: writes everything the catalog generates, or checks that out/ is fresh. */
export function registerGenerate(program: Command, context: CommandContext): void {
  program
    .command('generate')
    .description('generate types (and everything else) from the catalog into the output folder')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--out <dir>', 'output folder; replaced whole, and only when evcat wrote it (or it is empty)', 'out')
    .option('--check', 'write nothing; exit 1 and name every stale, missing or orphaned file')
    .option('--full', 'with --check: always generate again and compare, even when the manifest proves out/ fresh')
    .option('--force', 'replace the output folder even if evcat did not write it (never the working directory)')
    .addHelpText(
      'after',
      "\nWith --check, when the manifest records the same inputs (catalog files, evcat's code and lockfile) and every\n" +
        'file still has its recorded hash, out/ is fresh without generating again; otherwise everything is generated and compared.\n' +
        '\nThe output folder is written beside itself and swapped in whole. evcat replaces only a folder it wrote (its\n' +
        '.evcat-manifest.json lists every file in it), an empty one or a missing one; anything else is refused with exit 2\n' +
        'unless --force is given. It never replaces the working directory or a folder holding the catalog. A run killed\n' +
        'mid-swap is cleaned up by the next one, and --check names what it left.\n' +
        '\nWith --check, it also fails when the catalog changed in a breaking way since the last release tag (vX.Y.Z\n' +
        'reachable from HEAD) but catalog.yaml\'s version was not bumped for it; "evcat release" does that.\n\n' +
        'Examples:\n' +
        '  $ evcat generate\n' +
        '  $ evcat generate --catalog my-catalog --out gen   # another catalog, into ./gen\n' +
        '  $ evcat generate --check          # before a commit: is out/ fresh?\n' +
        '  $ evcat generate --check --full   # in CI: generate again and compare every byte\n' +
        '  $ evcat generate --out build/events --force   # replace a folder evcat did not write',
    )
    .action(async (opts: GenerateOptions) => (opts.check ? check(opts, context) : write(opts, context)))
}

/**
 * `generate --check`: names every stale, missing or orphaned file, and what an interrupted run left; and fails when
 * the catalog changed in a breaking way since the last release tag but its version was not bumped for it.
 */
async function check(opts: GenerateOptions, { io, setExit }: CommandContext): Promise<void> {
  const inputs = await inputsFingerprint(opts.catalog)
  const debris = await findDebris(opts.out)
  for (const d of debris)
    io.out(`${d.path}: left by an interrupted "evcat generate"; run "evcat generate" to clean it up\n`)
  if (!opts.full) {
    const fresh = await quickCheck(opts.out, inputs)
    if (fresh !== undefined) {
      if (debris.length === 0)
        io.out(`${opts.out} is fresh (${fresh} files; the manifest records these inputs and every hash matches)\n`)
      setExit(debris.length === 0 ? EXIT.ok : EXIT.problems)
      setExit(await releaseVersionVerdict(opts.catalog, opts.out, io))
      return
    }
  }
  collectGarbageSooner()
  const model = await requireModel(opts.catalog)
  const generated = generateStream(model, await defaultGenerators())
  const { stale, files } = await checkOutputStream(opts.out, model, generated, { inputs })
  for (const s of stale) io.out(`${opts.out}/${s.path}: ${s.reason}\n`)
  if (stale.length > 0) io.out(`${stale.length} file(s) differ; run "evcat generate"\n`)
  else if (debris.length === 0) io.out(`${opts.out} is fresh (${files} files)\n`)
  setExit(stale.length === 0 && debris.length === 0 ? EXIT.ok : EXIT.problems)
  setExit(await releaseVersionVerdict(opts.catalog, opts.out, io, model))
}

/** `generate`: cleans up after an interrupted run, makes sure out/ may be replaced, generates and swaps it in. */
async function write(opts: GenerateOptions, { io }: CommandContext): Promise<void> {
  const recovery = await recoverOutput(opts.out)
  if (recovery.restored !== undefined)
    io.err(`evcat: put back ${opts.out} from ${recovery.restored}, set aside by an interrupted run\n`)
  for (const path of recovery.removed) io.err(`evcat: removed ${path}, left by an interrupted run\n`)
  const protect = [opts.catalog, packageRoot()]
  await assertReplaceable(opts.out, { force: opts.force === true, protect })
  const inputs = await inputsFingerprint(opts.catalog)
  collectGarbageSooner()
  const model = await requireModel(opts.catalog)
  const generators = await defaultGenerators()
  let count = 0
  await whileWriting(async (signal) => {
    const pause = swapPauseHook(io, signal)
    const onStep = async (step: SwapStep): Promise<void> => {
      // Checked again before the swap: the folder may have changed while the catalog was generating.
      if (step === 'staged') await assertReplaceable(opts.out, { force: opts.force === true, protect })
      await pause?.(step)
    }
    // Each file is staged as its generator returns it, then let go: the output is never held whole.
    count = await writeOutputStream(opts.out, model, generateStream(model, generators), { inputs, signal, onStep })
  })
  io.out(`wrote ${count} files to ${opts.out}\n`)
}

/** The generators, imported on demand: they pull in TypeScript and prettier, which `evcat validate` must not pay for. */
async function defaultGenerators(): Promise<(typeof import('../../../generators/index.js'))['defaultGenerators']> {
  return (await import('../../../generators/index.js')).defaultGenerators
}
