import type { Command } from 'commander'
import { EXIT } from '../io.js'
import type { CommandContext } from '../main.js'
import { reportRegistryError } from './registry-errors.js'

/** `evcat release`: the next version from the diff against the last release, written with its changelog entry. */
export function registerRelease(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('release')
    .description('bump the catalog version by the changes since the last release and write the CHANGELOG.md entry')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--against <ref>', 'the last release (default: the highest vX.Y.Z tag reachable from HEAD)')
    .option(
      '--next-version <x.y.z>',
      'release this version (at least the computed one; 1.0.0 is only ever chosen this way)',
    )
    .option('--changelog <file>', 'changelog to write (default: CHANGELOG.md beside the catalog folder)')
    .option('--registry <url>', 'npm registry, when --against is a package version')
    .option('--dry-run', 'print the version and the changelog entry; write nothing')
    .addHelpText(
      'after',
      `
Bumps: breaking → major, compatible → minor, docs → patch; before 1.0.0, breaking → minor and the rest → patch
(out/docs/compatibility.md). Writes catalog.yaml's version and the CHANGELOG.md entry, and removes the
acknowledged changes the release covers; review, run "evcat generate", commit, then tag the commit vX.Y.Z.

Example:
  $ evcat release
  release 0.2.0 (breaking changes since 0.1.0, v0.1.0 (git d6d66c9d3)): wrote catalog/catalog.yaml, CHANGELOG.md`,
    )
    .action(
      async (opts: {
        catalog: string
        against?: string
        nextVersion?: string
        changelog?: string
        registry?: string
        dryRun?: boolean
      }) => {
        const { planRelease, writeRelease } = await import('../../registry/release.js')
        try {
          const plan = await planRelease({
            catalog: opts.catalog,
            ...(opts.against === undefined ? {} : { against: opts.against }),
            ...(opts.nextVersion === undefined ? {} : { version: opts.nextVersion }),
            ...(opts.changelog === undefined ? {} : { changelog: opts.changelog }),
            ...(opts.registry === undefined ? {} : { registry: opts.registry }),
          })
          const since = `${plan.previous}, ${plan.report.against.label}`
          if (plan.next === undefined) {
            io.out(`nothing changed since ${since}; nothing to release\n`)
            setExit(EXIT.ok)
            return
          }
          const head = `release ${plan.next} (${plan.severity} changes since ${since})`
          if (opts.dryRun) {
            io.out(`${head}; dry run, nothing written\n\n${plan.entry}`)
          } else {
            const { written, dropped } = await writeRelease(plan, opts.catalog)
            const note = dropped > 0 ? `; removed ${dropped} acknowledged change(s) it covers` : ''
            io.out(
              `${head}: wrote ${written.join(', ')}${note}\nnext: evcat generate, review, commit, git tag v${plan.next}\n`,
            )
          }
          setExit(EXIT.ok)
        } catch (error) {
          setExit(reportRegistryError(error, io))
        }
      },
    )
}
