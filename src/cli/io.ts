/** Where a command writes: injectable so tests run `main()` in process and read what it printed. */
export interface CliIO {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  /** Whether `out` is a terminal that takes ANSI color (reports color their verdicts there). @default false */
  readonly color?: boolean
  /** Whether `err` is a terminal (a status line can be redrawn there). @default false */
  readonly errTerminal?: boolean
}

/** The real process streams. */
export const processIO: CliIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  // https://no-color.org: a NO_COLOR that is set and not empty turns color off.
  get color() {
    return process.stdout.isTTY === true && (process.env['NO_COLOR'] ?? '') === ''
  },
  get errTerminal() {
    return process.stderr.isTTY === true
  },
}

/** Exit codes for every command: 0 all good, 1 problems the user can fix, 2 internal or usage error. */
export const EXIT = { ok: 0, problems: 1, internal: 2 } as const
