import { createRequire } from 'node:module'
import { CatalogError, UsageError, formatDiagnostic } from '../errors.js'
import { fileFailure, internalFailure, Interrupted, isOutputError, outputFailure } from './failure.js'
import { EXIT, processIO, type CliIO } from './io.js'

// commander is CommonJS: required, it loads without the ESM wrapper and the CommonJS export scan an import costs
// (about 3 ms of every start).
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof import('commander')
type Command = import('commander').Command

/** Adds one command (and its subcommands) to the program. */
type Register = (program: Command, context: CommandContext) => void

/**
 * Every command, in the order the top-level help lists them, each imported only when it is needed: a run of one
 * command loads that command's code and libraries alone (validate never loads ws, amqplib, yaml or the generators),
 * which is most of evcat's start-up.
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['lint', async () => (await import('./commands/lint.js')).registerLint],
  ['list', async () => (await import('./commands/list.js')).registerList],
  ['show', async () => (await import('./commands/show.js')).registerShow],
  ['generate', async () => (await import('./commands/generate.js')).registerGenerate],
  ['validate', async () => (await import('./commands/validate.js')).registerValidate],
  ['fixtures', async () => (await import('./commands/fixtures.js')).registerFixtures],
  ['mock', async () => (await import('./commands/mock.js')).registerMock],
  ['tap', async () => (await import('./commands/tap.js')).registerTap],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['diff', async () => (await import('./commands/diff.js')).registerDiff],
  ['release', async () => (await import('./commands/release.js')).registerRelease],
  ['infer', async () => (await import('./commands/infer.js')).registerInfer],
]

const TOP_HELP = `
Examples (each command's --help has more):
  $ evcat lint                                 # check the catalog; every problem with file:line:col
  $ evcat list --family lxd                    # one row per event
  $ evcat show lxd/instance-renamed            # one event: schema, examples, sources
  $ evcat generate                             # write out/ (types, validators, docs, site, fixtures, package…)
  $ evcat validate capture.jsonl               # judge captured events; report invalid and drift
  $ evcat fixtures --count 5                   # a mock feed of valid events, one JSON per line
  $ evcat mock serve lxd --socket /tmp/lxd/unix.socket   # serve it over the platform's own protocol
  $ evcat tap lxd:unix --validate              # capture from a real source, judged as it arrives
  $ evcat report merge a.json b.json           # sum the JSON reports of several taps
  $ evcat diff --against v0.1.0                # what changed for consumers, and what breaks
  $ evcat release                              # the next version and its CHANGELOG entry
  $ evcat infer capture.jsonl                  # propose catalog edits from drift

Exit codes: 0 all good; 1 problems you can fix (catalog errors, a stale out/, invalid or unreadable records,
drift with --strict, an input that could not be read); 2 usage error, output error (a closed pipe, a full
disk) or internal error; 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP (generate puts out/ back first; validate
and tap judge what they read on SIGINT or SIGTERM, print their report and exit 0 or 1 by it).`

/**
 * Builds the commander program; `io` receives all output. `only` is the first argument: when it names a command,
 * only that command is registered (commander dispatches on the first argument, so no other could run); anything
 * else (none, --help, help, a typo) registers every command, for the help and the suggestions; `--version`
 * (`-V`) registers none, since it prints only the version.
 */
export async function createProgram(io: CliIO, setExit: (code: number) => void, only?: string): Promise<Command> {
  const program = new Command('evcat')
    .description('Event schema registry and codegen for i3D.net, LXD, Events Hub and go-batcher events')
    .version('0.1.0')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', TOP_HELP)
  const context = { io, setExit }
  const wanted = COMMANDS.filter(([name]) => only === undefined || name === only)
  const versionOnly = only === '--version' || only === '-V'
  const registers = versionOnly
    ? []
    : await Promise.all((wanted.length > 0 ? wanted : COMMANDS).map(([, load]) => load()))
  for (const register of registers) register(program, context)
  const configure = (commands: readonly Command[]): void => {
    for (const command of commands) {
      command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err })
      configure(command.commands)
    }
  }
  configure(program.commands)
  return program
}

/** Context every command gets: where to print and how to set the exit code. */
export interface CommandContext {
  readonly io: CliIO
  readonly setExit: (code: number) => void
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.ok
  try {
    const program = await createProgram(
      io,
      (c) => {
        code = Math.max(code, c)
      },
      argv[2],
    )
    await program.parseAsync([...argv])
    return code
  } catch (error) {
    return report(error, io)
  }
}

function report(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // --help and --version arrive here as "errors" with exit code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.internal
  }
  if (error instanceof CatalogError) {
    for (const d of error.diagnostics) io.err(formatDiagnostic(d) + '\n')
    io.err(`${error.diagnostics.length} problem(s); run "evcat lint" for details\n`)
    return EXIT.problems
  }
  if (error instanceof Interrupted) {
    io.err(`evcat: ${error.message}; nothing was left half-written\n`)
    return error.exitCode
  }
  if (error instanceof UsageError) {
    io.err(`evcat: ${error.message}\n`)
    return EXIT.internal
  }
  io.err(fileFailure(error) ?? (isOutputError(error) ? outputFailure(error) : internalFailure(error)))
  return EXIT.internal
}
