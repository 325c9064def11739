import { Command, CommanderError } from 'commander'
import { CatalogError, UsageError, formatDiagnostic } from '../errors.js'
import { EXIT, processIO, type CliIO } from './io.js'
import { registerLint } from './commands/lint.js'
import { registerList } from './commands/list.js'
import { registerShow } from './commands/show.js'
import { registerGenerate } from './commands/generate.js'
import { registerValidate } from './commands/validate.js'
import { registerFixtures } from './commands/fixtures.js'
import { registerDiff } from './commands/diff.js'
import { registerRelease } from './commands/release.js'
import { registerInfer } from './commands/infer.js'

/** Builds the commander program with every command; `io` receives all output. */
export function createProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('evcat')
    .description('Event schema registry and codegen for i3D.net, LXD, Events Hub and go-batcher events')
    .version('0.1.0')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
  const context = { io, setExit }
  registerLint(program, context)
  registerList(program, context)
  registerShow(program, context)
  registerGenerate(program, context)
  registerValidate(program, context)
  registerFixtures(program, context)
  registerDiff(program, context)
  registerRelease(program, context)
  registerInfer(program, context)
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err })
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
  const program = createProgram(io, (c) => {
    code = Math.max(code, c)
  })
  try {
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
  if (error instanceof UsageError) {
    io.err(`evcat: ${error.message}\n`)
    return EXIT.internal
  }
  io.err(`evcat: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  return EXIT.internal
}
