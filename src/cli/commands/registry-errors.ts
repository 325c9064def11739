import { AcceptedChangesError } from '../../registry/accepted.js'
import { CatalogSideError } from '../../registry/source/catalog.js'
import { EXIT, type CliIO } from '../io.js'

/**
 * Prints the errors of diff, release and infer that the user can fix, as one line, and returns the exit code:
 * 1 for a catalog that fails lint (or a bad acknowledged-changes file). Anything else is rethrown for main().
 */
export function reportRegistryError(error: unknown, io: CliIO): number {
  if (error instanceof CatalogSideError) {
    io.err(`evcat: ${error.message}; run "evcat lint" on it\n`)
    return EXIT.problems
  }
  if (error instanceof AcceptedChangesError) {
    io.err(`evcat: ${error.message}\n`)
    return EXIT.problems
  }
  throw error
}
