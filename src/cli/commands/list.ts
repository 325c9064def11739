import type { Command } from 'commander'
import { UsageError } from '../../errors.js'
import type { EventModel, SourceModel } from '../../model/types.js'
import { requireModel } from '../load.js'
import type { CommandContext } from '../main.js'

/** One row of `evcat list --json`. */
export interface EventRow {
  readonly family: string
  readonly group: string
  readonly name: string
  readonly direction: 'server' | 'client'
  readonly type: string
  readonly summary: string
  readonly match: Readonly<Record<string, string>>
  readonly since?: string
  readonly until?: string
  readonly deprecated?: { readonly reason: string; readonly replacedBy?: string }
  readonly provenance: readonly SourceModel[]
  readonly corrections: number
  readonly file: string
}

/** The list row of one event. */
export function eventRow(e: EventModel): EventRow {
  return {
    family: e.family,
    group: e.group,
    name: e.name,
    direction: e.direction,
    type: e.typeName,
    summary: e.summary,
    match: e.match,
    ...(e.since === undefined ? {} : { since: e.since }),
    ...(e.until === undefined ? {} : { until: e.until }),
    ...(e.deprecated === undefined ? {} : { deprecated: e.deprecated }),
    provenance: e.sources,
    corrections: e.corrections.length,
    file: `${e.source.file}:${e.source.line}`,
  }
}

/** `evcat list`: one row per event, as a table or as JSON. */
export function registerList(program: Command, { io }: CommandContext): void {
  program
    .command('list')
    .description('list every event of the catalog, one row per event')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--family <family>', 'only this family (i3d, lxd, events-hub, batcher)')
    .option('--json', 'print a JSON array of {family, group, name, summary, provenance, …}')
    .addHelpText(
      'after',
      '\nExamples:\n  $ evcat list --family batcher\n  $ evcat list --json | jq length\n' +
        '  $ evcat list --catalog my-catalog   # another catalog folder',
    )
    .action(async (opts: { catalog: string; family?: string; json?: boolean }) => {
      const model = await requireModel(opts.catalog)
      const families = model.families.filter((f) => opts.family === undefined || f.id === opts.family)
      if (families.length === 0) {
        throw new UsageError(
          `no family "${opts.family}"; the catalog has: ${model.families.map((f) => f.id).join(', ')}`,
        )
      }
      const rows = families.flatMap((f) => f.events.map(eventRow))
      if (opts.json) {
        io.out(JSON.stringify(rows, null, 2) + '\n')
        return
      }
      const table = rows.map((r) => [`${r.family}/${r.name}`, r.group, oneLine(r.summary)])
      const width = [0, 1].map((i) => Math.max(...table.map((t) => t[i]!.length)))
      for (const t of table) io.out(`${t[0]!.padEnd(width[0]!)}  ${t[1]!.padEnd(width[1]!)}  ${t[2]}\n`)
      io.out(`${rows.length} event(s) in ${families.length} famil${families.length === 1 ? 'y' : 'ies'}\n`)
    })
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 80 ? flat.slice(0, 77) + '...' : flat
}
