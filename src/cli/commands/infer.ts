import type { Command } from 'commander'
import { UsageError, formatDiagnostic } from '../../errors.js'
import type { InputKind } from '../../validate/types.js'
import { EXIT } from '../io.js'
import type { CommandContext } from '../main.js'
import { reportRegistryError } from './registry-errors.js'

const KINDS: readonly InputKind[] = ['jsonl', 'json', 'json-seq', 'yaml']

/** `evcat infer CAPTURE…`: catalog edits for what captures show and the catalog does not know. */
export function registerInfer(program: Command, { io, setExit }: CommandContext): void {
  program
    .command('infer')
    .description(
      'propose catalog edits (new events, fields, known values) from captured traffic the catalog does not know',
    )
    .argument('<captures...>', 'capture files (every input kind validate reads); - reads standard input')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--family <family>', 'judge every record as this family')
    .option('--server <family@version>', 'the captures come from this server version: judge them by its shape')
    .option('--input <kind>', `force the input format: ${KINDS.join(', ')}`)
    .option('--write', 'apply the edits to the catalog files (comments, key order and formatting are kept)')
    .addHelpText(
      'after',
      `
Prints a unified diff of the catalog files (standard output) and each proposal with its evidence: the capture,
the lines of its sample records, their count and the server version (standard error). A field is required only
when every sample has it; a string list is enforced only with few values against many samples, else a hint
(x-known); formats only when every sample has one; an integer beyond 2^53 stays exact (x-bigint).

Examples:
  $ evcat infer capture.jsonl > catalog.patch
  $ evcat infer capture.jsonl --write && evcat lint && evcat validate capture.jsonl`,
    )
    .action(
      async (
        captures: string[],
        opts: { catalog: string; family?: string; server?: string; input?: string; write?: boolean },
      ) => {
        if (opts.input !== undefined && !KINDS.includes(opts.input as InputKind))
          throw new UsageError(`unknown --input "${opts.input}"; use one of: ${KINDS.join(', ')}`)
        const { runInfer, writeInferred } = await import('../../registry/infer/run.js')
        try {
          const result = await runInfer({
            catalog: opts.catalog,
            inputs: captures,
            ...(opts.family === undefined ? {} : { family: opts.family }),
            ...(opts.server === undefined ? {} : { server: opts.server }),
            ...(opts.input === undefined ? {} : { kind: opts.input as InputKind }),
          })
          const o = result.observations
          const counts = `${o.records} records: ${o.valid} valid, ${o.drift} drift, ${o.invalid} invalid (not proposed: fix by hand), ${o.unreadable} unreadable (skipped)`
          for (const [key, n] of o.ungrouped)
            io.err(`not proposed: ${key} (${n} records) matches no group; declare the group in family.yaml first\n`)
          if (result.proposals.length === 0) {
            io.out(`no drift the catalog could learn from: ${counts}; nothing changed\n`)
            setExit(EXIT.ok)
            return
          }
          io.err(`${counts}\n`)
          for (const p of result.proposals) {
            io.err(`+ ${p.family} ${p.subject}: ${p.what} → ${opts.catalog}/${p.file}\n    evidence: ${p.evidence}\n`)
            for (const r of p.reasons) io.err(`    ${r}\n`)
          }
          if (result.lint.length > 0) {
            for (const d of result.lint) io.err(formatDiagnostic(d) + '\n')
            io.err(
              `evcat: the proposed catalog fails lint (${result.lint.length} error(s)); nothing written (please report this)\n`,
            )
            io.out(result.diff)
            setExit(EXIT.problems)
            return
          }
          if (opts.write) {
            await writeInferred(opts.catalog, result.texts)
            io.out(
              `wrote ${result.texts.size} file(s) in ${opts.catalog} (${result.proposals.length} proposals); run "evcat generate"\n`,
            )
          } else io.out(result.diff)
          setExit(EXIT.ok)
        } catch (error) {
          setExit(reportRegistryError(error, io))
        }
      },
    )
}
