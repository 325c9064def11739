import { isUtf8 } from 'node:buffer'
import type { InputRecord } from '../types.js'
import { Batch, Carry } from './chunks.js'
import { INVALID_UTF8, tooLong } from './jsonl.js'

/**
 * `array`: one JSON array of records, or one JSON object (a single record); `concat`: JSON objects one after
 * another in any layout (lxc monitor --format json).
 */
export type ValuesMode = 'array' | 'concat'

/**
 * A JSON array (or object) broken at some point: everything before that point was read, nothing after it can
 * be. Not a record of its own, so the counts do not grow a phantom one; the input is reported as not read whole.
 */
export class BrokenJson extends Error {}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const NL = 0x0a

// Where the scanner is when it is not inside a value.
const BEFORE_ARRAY = 0 // array: expecting the opening `[` (or the `{` of a single object)
const EXPECT_VALUE = 1 // array: after `[` or `,`; concat: between values
const AFTER_VALUE = 2 // array: expecting `,` or `]`
const DONE = 3 // array: after the closing `]` (or the single object's `}`)
const RESYNC = 4 // concat: after an error, skipping to a line that starts with `{` or `[`

/** Shows a byte in an error message. */
function shown(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? `'${String.fromCharCode(byte)}'` : `byte 0x${byte.toString(16).padStart(2, '0')}`
}

/**
 * Finds where each top-level value starts and ends with a small state machine over the bytes
 * (depth, inside a string, escape), so a huge array is never held in memory: only the value
 * being read is kept. It does not check the JSON inside a value; the validator parses it.
 */
class ValueScanner {
  private outer: number
  private justOpened = false
  private atLineStart = true
  private line = 1
  // The value being read.
  private inValue = false
  private depth = 0
  private inString = false
  private escape = false
  private scalar = false
  private valueLine = 0
  /** The value's bytes from earlier chunks (over the limit: dropped, and reported once). */
  private readonly carried: Carry
  /** Array mode: the input is one object rather than an array. */
  private single = false
  // The chunk being scanned, the position in it, and where the current value starts in it.
  private chunk: Buffer = Buffer.alloc(0)
  private pos = 0
  private valueStart = 0
  /** Set once an array input is broken: nothing more is read from it. */
  stopped = false
  /** Where and how an array input broke. */
  broken: BrokenJson | undefined

  constructor(
    private readonly mode: ValuesMode,
    private readonly file: string,
    private readonly max: number,
    private readonly batch: Batch,
  ) {
    this.outer = mode === 'array' ? BEFORE_ARRAY : EXPECT_VALUE
    this.carried = new Carry(max)
  }

  /** Starts on the next chunk of input. */
  feed(chunk: Buffer): void {
    this.chunk = chunk
    this.pos = 0
    this.valueStart = 0
  }

  /** Whether the current chunk has bytes left to scan. */
  get pending(): boolean {
    return !this.stopped && this.pos < this.chunk.length
  }

  /** Scans until the chunk is used up, the batch is full, or the input turns out broken. */
  scan(): void {
    const len = this.chunk.length
    while (this.pos < len && !this.stopped && !this.batch.full) {
      if (!this.inValue) this.between()
      else if (this.scalar) this.scalarScan()
      else this.valueScan()
    }
    // Keep the unfinished value's bytes for the next chunk (unless it is over the limit already).
    if (this.pos >= len && this.inValue && !this.stopped && this.carried.add(this.chunk, this.valueStart))
      this.error(this.valueLine, tooLong(this.max))
  }

  /** Reports what is left unfinished at the end of the input. */
  end(): void {
    if (this.stopped) return
    if (this.inValue && !(this.scalar && this.mode === 'array')) {
      if (this.carried.over) return
      if (this.mode === 'array') this.fail('input ends inside a JSON value (truncated?)', this.valueLine)
      else this.error(this.valueLine, 'input ends inside a JSON value (truncated?)')
    } else if (this.mode === 'array' && this.outer !== BEFORE_ARRAY && this.outer !== DONE) {
      this.fail('input ends before the JSON array is closed (truncated?)')
    }
  }

  private between(): void {
    const chunk = this.chunk
    const len = chunk.length
    while (this.pos < len) {
      const b = chunk[this.pos]!
      if (b === NL) {
        this.line++
        this.atLineStart = true
        this.pos++
        continue
      }
      if (b === 0x20 || b === 0x09 || b === 0x0d) {
        this.pos++
        continue
      }
      const lineStart = this.atLineStart
      this.atLineStart = false
      switch (this.outer) {
        case RESYNC:
          if (lineStart && (b === 0x7b || b === 0x5b)) {
            this.outer = EXPECT_VALUE
            this.startValue(b)
            return
          }
          this.pos++
          continue
        case BEFORE_ARRAY:
          if (b === 0x7b) {
            // One object alone is one record.
            this.single = true
            this.startValue(b)
            return
          }
          if (b !== 0x5b)
            return this.fail(`expected '[' to start a JSON array (or '{' for one object), found ${shown(b)}`)
          this.outer = EXPECT_VALUE
          this.justOpened = true
          this.pos++
          continue
        case EXPECT_VALUE:
          if (this.mode === 'concat') {
            if (b !== 0x7b && b !== 0x5b) return this.fail(`expected '{' to start a JSON value, found ${shown(b)}`)
          } else if (b === 0x5d && this.justOpened) {
            this.outer = DONE
            this.pos++
            continue
          } else if (b === 0x2c || b === 0x5d || b === 0x7d || b === 0x3a) {
            return this.fail(`expected an array element, found ${shown(b)}`)
          }
          this.startValue(b)
          return
        case AFTER_VALUE:
          if (b === 0x2c) {
            this.outer = EXPECT_VALUE
            this.justOpened = false
          } else if (b === 0x5d) this.outer = DONE
          else return this.fail(`expected ',' or ']' after an array element, found ${shown(b)}`)
          this.pos++
          continue
        default:
          return this.fail(`unexpected ${shown(b)} after the end of the JSON ${this.single ? 'object' : 'array'}`)
      }
    }
  }

  private startValue(b: number): void {
    this.inValue = true
    this.valueStart = this.pos
    this.valueLine = this.line
    this.carried.reset()
    this.escape = false
    this.inString = b === QUOTE
    this.scalar = b !== 0x7b && b !== 0x5b && b !== QUOTE
    this.depth = this.inString || this.scalar ? 0 : 1
    this.pos++
  }

  /** A bare number or literal element (array mode): it ends at a delimiter, which is not part of it. */
  private scalarScan(): void {
    const chunk = this.chunk
    const len = chunk.length
    let i = this.pos
    while (i < len) {
      const b = chunk[i]
      if (b === 0x2c || b === 0x5d || b === 0x7d || b === 0x20 || b === NL || b === 0x0d || b === 0x09) break
      i++
    }
    this.pos = i
    if (i < len) this.endValue(i)
  }

  /**
   * Inside an object, array or string: count brackets outside strings, follow escapes, count
   * lines. Tight loops over locals, one for string bytes and one for the rest, so each has
   * few branches; a byte loop beats indexOf calls for LXD's many short strings.
   */
  private valueScan(): void {
    const chunk = this.chunk
    const len = chunk.length
    let i = this.pos
    let depth = this.depth
    let line = this.line
    let inString = this.inString
    let stop = -1
    if (this.escape) {
      // The previous chunk ended on a backslash: this byte is escaped.
      this.escape = false
      if (chunk[i] === NL) stop = i
      else i++
    }
    while (stop === -1 && i < len) {
      if (inString) {
        let b = 0
        while (i < len) {
          b = chunk[i]!
          if (b === QUOTE || b === BACKSLASH || b === NL) break
          i++
        }
        if (i >= len) break
        if (b === NL) {
          stop = i
          break
        }
        if (b === BACKSLASH) {
          if (i + 1 >= len) {
            this.escape = true
            i = len
            break
          }
          // An escaped raw line break is still a line break inside a string.
          if (chunk[i + 1] === NL) stop = i + 1
          else i += 2
          continue
        }
        i++
        inString = false
        if (depth === 0) stop = i
        continue
      }
      while (i < len) {
        const b = chunk[i++]!
        if (b === QUOTE) {
          inString = true
          break
        } else if (b === 0x7b || b === 0x5b) depth++
        else if (b === 0x7d || b === 0x5d) {
          if (--depth === 0) {
            stop = i
            break
          }
        } else if (b === NL) line++
      }
    }
    this.depth = depth
    this.inString = inString
    this.line = line
    this.pos = stop === -1 ? len : stop
    if (stop === -1) return
    if (inString) this.brokenString(stop)
    else this.endValue(stop)
  }

  private endValue(end: number): void {
    this.inValue = false
    this.scalar = false
    if (this.mode === 'array') this.outer = this.single ? DONE : AFTER_VALUE
    if (this.carried.over) return
    const size = this.carried.bytes + end - this.valueStart
    if (size > this.max) return this.error(this.valueLine, tooLong(this.max))
    const bytes = this.carried.take(this.chunk, this.valueStart, end)
    this.batch.push(
      isUtf8(bytes)
        ? { file: this.file, line: this.valueLine, text: bytes.toString('utf8') }
        : { file: this.file, line: this.valueLine, error: INVALID_UTF8 },
      size,
    )
  }

  /** JSON strings cannot hold a raw line break: the value was cut short or is not JSON. */
  private brokenString(newline: number): void {
    // Leave the newline unread so that it is counted, and resync can start on the next line.
    this.pos = newline
    this.inValue = false
    this.inString = false
    this.escape = false
    this.carried.reset()
    const where = this.valueLine === this.line ? '' : ` (the value starts on line ${this.valueLine})`
    this.fail(`line break inside a JSON string${where}: truncated or not JSON`)
  }

  /** A break in the input: an array is given up on (the break is no record); a sequence carries on at the next line starting with `{`. */
  private fail(message: string, line = this.line): void {
    if (this.mode === 'array') {
      const after = message.startsWith('input ends') ? '' : '; nothing after it was read'
      this.broken = new BrokenJson(`broken JSON at line ${line}: ${message}${after}`)
      this.stopped = true
    } else {
      this.error(line, message)
      this.outer = RESYNC
      this.inValue = false
    }
  }

  private error(line: number, error: string): void {
    this.batch.push({ file: this.file, line, error }, 0)
  }
}

/**
 * Records from a JSON array or object (`array`) or from JSON values one after another (`concat`). A broken array
 * throws a BrokenJson after the records before the break.
 */
export async function* readJsonValues(
  chunks: AsyncIterable<Buffer>,
  file: string,
  max: number,
  mode: ValuesMode,
): AsyncGenerator<InputRecord[]> {
  const batch = new Batch()
  const scanner = new ValueScanner(mode, file, max, batch)
  for await (const chunk of chunks) {
    scanner.feed(chunk)
    do {
      scanner.scan()
      if (batch.records.length > 0 && (batch.full || !scanner.pending)) yield batch.take()
    } while (scanner.pending)
    // Leaving here also closes the input stream.
    if (scanner.stopped) break
  }
  if (!scanner.stopped) scanner.end()
  if (batch.records.length > 0) yield batch.take()
  if (scanner.broken !== undefined) throw scanner.broken
}
