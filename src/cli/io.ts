/** Where a command writes: injectable so tests run `main()` in process and read what it printed. */
export interface CliIO {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
}

/** The real process streams. */
export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}

/** Exit codes for every command: 0 all good, 1 problems the user can fix, 2 internal or usage error. */
export const EXIT = { ok: 0, problems: 1, internal: 2 } as const
