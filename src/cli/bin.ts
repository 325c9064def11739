import { writeSync } from 'node:fs'
import { internalFailure, outputFailure } from './failure.js'
import { EXIT } from './io.js'
import { main } from './main.js'

/** Prints one line on standard error (synchronously: the process exits right after) and exits. */
function die(line: string, code: number): never {
  try {
    writeSync(2, line)
  } catch {
    // Standard error is gone too: the exit code is all that is left to say it.
  }
  process.exit(code)
}

// A full disk, a closed pipe or a closed descriptor: one line and exit 2, whatever the command was doing.
process.stdout.on('error', (error) => die(outputFailure(error, 'standard output'), EXIT.internal))
process.stderr.on('error', () => process.exit(EXIT.internal))
// Whatever escaped main() is a bug: one line, and the stack only with EVCAT_DEBUG=1.
process.on('uncaughtException', (error) => die(internalFailure(error), EXIT.internal))
process.on('unhandledRejection', (error) => die(internalFailure(error), EXIT.internal))

process.exitCode = await main(process.argv)
