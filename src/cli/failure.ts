import { EvcatError } from '../errors.js'

/** Plain words for the errors that writing to a stream can give. */
const OUTPUT_ERRORS: Readonly<Record<string, string>> = {
  EPIPE: 'the reader closed the pipe',
  ENOSPC: 'no space left on the device',
  EBADF: 'it is not open for writing',
  EIO: 'input/output error',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is too large',
  ECONNRESET: 'the reader closed the connection',
  ERR_STREAM_DESTROYED: 'it was already closed',
  ERR_STREAM_WRITE_AFTER_END: 'it was already closed',
}

/** A run stopped by a signal, after cleaning up; exits 128 + the signal's number, as shells report it. */
export class Interrupted extends EvcatError {
  constructor(
    readonly signal: NodeJS.Signals,
    readonly exitCode: number,
  ) {
    super(`stopped by ${signal}`)
  }
}

/** Whether an error is one of writing output (a closed pipe, a full disk, a closed descriptor). */
export function isOutputError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code !== undefined && code in OUTPUT_ERRORS && (error as NodeJS.ErrnoException).syscall !== 'open'
}

/** Plain words for the errors a file operation can give. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent of it is not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the folder is not empty',
  EBUSY: 'it is in use',
  EDQUOT: 'the disk quota is exceeded',
  EMFILE: 'too many open files',
  EXDEV: 'it is on another file system',
}

/**
 * The one line for a failed file operation (a full disk, a read-only folder): the user's machine, not a bug.
 * Undefined for an error that names no file.
 */
export function fileFailure(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined
  if (typeof e?.code !== 'string' || typeof e.path !== 'string') return undefined
  const what = e.syscall === undefined ? '' : ` (${e.syscall})`
  return `evcat: cannot use ${e.path}: ${FILE_ERRORS[e.code] ?? e.message} [${e.code}${what}]\n`
}

/** The one line for an output error: `evcat: cannot write to standard output: no space left on the device (ENOSPC)`. */
export function outputFailure(error: unknown, where = 'standard output'): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'error'
  return `evcat: cannot write to ${where}: ${OUTPUT_ERRORS[code] ?? (error as Error).message} (${code})\n`
}

/**
 * The one line for a bug: what broke and how to report it. With `EVCAT_DEBUG=1` in the environment the
 * stack trace follows; never otherwise, since users cannot act on it.
 */
export function internalFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const message = error instanceof Error ? error.message : String(error)
  const first = message.split('\n', 1)[0]!.slice(0, 500)
  const line =
    `evcat: internal error: ${first} (this is a bug in evcat; please report it with the command you ran and ` +
    'the output of the same command run with EVCAT_DEBUG=1)\n'
  if (env['EVCAT_DEBUG'] !== '1' && env['EVCAT_DEBUG'] !== 'true') return line
  return line + (error instanceof Error && error.stack !== undefined ? error.stack : String(error)) + '\n'
}
