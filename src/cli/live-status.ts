import type { Summary } from '../validate/types.js'
import { countsLine } from '../validate/report/common.js'

/** How often the terminal status line is redrawn. */
const REDRAW_MS = 200
const ERASE = '\r\x1b[K'

/** Where and how `evcat validate` shows its progress on standard error. */
export interface StatusOptions {
  /** Writes to standard error. */
  readonly err: (text: string) => void
  /** Standard error is a terminal: one status line, redrawn in place. @default false */
  readonly terminal?: boolean
  /** When not on a terminal: a summary line every this many milliseconds (--summary-every). @default none */
  readonly everyMs?: number
  /** The clock, in milliseconds. @default Date.now */
  readonly now?: () => number
}

/**
 * The progress of a run on standard error: on a terminal, a status line with the records so far, the rate and the
 * counts, redrawn in place; elsewhere, with --summary-every, one such line every N seconds, for logs. Its timer
 * never keeps the process alive.
 */
export class LiveStatus {
  private counts: Readonly<Summary> = { total: 0, valid: 0, invalid: 0, drift: 0, unreadable: 0 }
  private shown = false
  private timer: NodeJS.Timeout | undefined
  private readonly now: () => number
  private started: number

  constructor(private readonly options: StatusOptions) {
    this.now = options.now ?? Date.now
    this.started = this.now()
  }

  /** Starts the clock, and the timer that redraws the status line or prints the summary lines. */
  start(): void {
    this.started = this.now()
    const every = this.options.terminal === true ? REDRAW_MS : this.options.everyMs
    if (every === undefined || this.timer !== undefined) return
    const tick = this.options.terminal === true ? () => this.redraw() : () => this.options.err(`${this.line()}\n`)
    this.timer = setInterval(tick, every)
    this.timer.unref()
  }

  /** The counts to show; the object may be the tally's own, which is read at each tick. */
  update(counts: Readonly<Summary>): void {
    this.counts = counts
  }

  /** Takes the status line off the terminal before something else is printed there; the next tick redraws it. */
  clear(): void {
    if (!this.shown) return
    this.options.err(ERASE)
    this.shown = false
  }

  /** Stops the timer and takes the status line off the terminal. */
  stop(): void {
    clearInterval(this.timer)
    this.clear()
  }

  /** `evcat: 12 s: 1234 records (102.8/s): 1200 valid, 30 invalid, 4 drift, 0 unreadable`. */
  line(): string {
    const seconds = (this.now() - this.started) / 1000
    const rate = seconds > 0 ? this.counts.total / seconds : 0
    const [records, verdicts] = splitCounts(countsLine(this.counts))
    return `evcat: ${seconds.toFixed(0)} s: ${records} (${rate < 10 ? rate.toFixed(1) : rate.toFixed(0)}/s): ${verdicts}`
  }

  private redraw(): void {
    this.options.err(`${ERASE}${this.line()}`)
    this.shown = true
  }
}

/** `1234 records: 1200 valid, …` as its two halves. */
function splitCounts(line: string): [string, string] {
  const colon = line.indexOf(': ')
  return [line.slice(0, colon), line.slice(colon + 2)]
}
