import type { Command } from 'commander'
import { UsageError } from '../../errors.js'
import { processIO, type CliIO } from '../io.js'
import { requireModel } from '../load.js'
import type { CommandContext } from '../main.js'

/** `evcat fixtures`: prints a stream of valid events, one JSON per line, mixed as real traffic would be. */
export function registerFixtures(program: Command, { io }: CommandContext): void {
  program
    .command('fixtures')
    .description('print a stream of valid events (one JSON per line), mixed and timed as real traffic would be')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--family <family>', 'only this family (i3d, lxd, events-hub, batcher); default: all four, LXD-heavy')
    .option('--count <n>', 'how many events to print', '100')
    .option('--seed <seed>', 'seed of the mix; the same arguments print the same bytes', '1')
    .addHelpText(
      'after',
      '\nEach line is a valid fixture of an event drawn by weight (LXD: logging and operation heavy; Events Hub: System\n' +
        'Stats and VM events), with its send time counting forward and a fresh message id where the envelope has one.\n\n' +
        'Examples:\n  $ evcat fixtures --family lxd --count 1000 | evcat validate - --family lxd\n' +
        '  $ evcat fixtures --seed 7 --count 3\n' +
        '  $ evcat fixtures --catalog my-catalog   # fixtures of another catalog folder',
    )
    .action(async (opts: { catalog: string; family?: string; count: string; seed: string }) => {
      const count = Number(opts.count)
      if (!/^\d+$/.test(opts.count) || !Number.isSafeInteger(count))
        throw new UsageError(`--count takes a whole number, not "${opts.count}"`)
      const model = await requireModel(opts.catalog)
      if (opts.family !== undefined && !model.families.some((f) => f.id === opts.family)) {
        throw new UsageError(
          `no family "${opts.family}"; the catalog has: ${model.families.map((f) => f.id).join(', ')}`,
        )
      }
      // Imported here: `evcat validate` and `list` must not pay for the generators at start-up.
      const { buildFixtures } = await import('../../../generators/fixtures/build.js')
      const { fixtureStream } = await import('../../../generators/fixtures/stream.js')
      const lines = fixtureStream(model, buildFixtures(model), {
        ...(opts.family === undefined ? {} : { family: opts.family }),
        count,
        seed: opts.seed,
      })
      await writeLines(lines, io)
    })
}

const CHUNK = 64 * 1024

/** Writes lines in chunks as they are made; on the real stdout it waits for `drain` and stops on a closed pipe. */
async function writeLines(lines: Iterable<string>, io: CliIO): Promise<void> {
  if (io.out !== processIO.out) {
    let chunk = ''
    for (const line of lines) {
      chunk += line
      if (chunk.length >= CHUNK) {
        io.out(chunk)
        chunk = ''
      }
    }
    if (chunk !== '') io.out(chunk)
    return
  }
  const out = process.stdout
  let closed = false
  let wake: (() => void) | undefined
  // `| head` closes the pipe: stop writing (bin.ts reports the EPIPE in one line and exits 2).
  const onError = (): void => {
    closed = true
    wake?.()
  }
  out.on('error', onError)
  try {
    let chunk = ''
    for (const line of lines) {
      chunk += line
      if (chunk.length < CHUNK) continue
      const ok = out.write(chunk)
      chunk = ''
      if (!ok && !closed) {
        await new Promise<void>((resolve) => {
          wake = resolve
          out.once('drain', resolve)
        })
        out.off('drain', wake!)
        wake = undefined
      }
      if (closed || out.destroyed) return
    }
    if (chunk !== '' && !closed) await new Promise<void>((resolve) => out.write(chunk, () => resolve()))
  } finally {
    out.off('error', onError)
  }
}
