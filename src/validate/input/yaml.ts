import { isUtf8 } from 'node:buffer'
import { parseAllDocuments } from 'yaml'
import type { InputRecord } from '../types.js'
import { Batch, Carry, isBlank } from './chunks.js'
import { INVALID_UTF8, tooLong } from './jsonl.js'

const NL = 10
const CR = 13

/** Nested aliases beyond this many are refused (a "billion laughs" document would otherwise explode). */
const MAX_ALIAS_COUNT = 100

/**
 * Splits YAML into documents line by line and parses each one. `lxc monitor` prints one
 * document per event (Go yaml.v2 output) followed by two blank lines, with no `---`. A document
 * therefore ends at a `---` or `...` line, or where a line starts in column 0 after blank lines:
 * inside one document, lines after a blank line are either indented (block scalar text, nested
 * mappings) or the document is over. Only blank lines between top-level entries (a `|+` block
 * scalar ending in blank lines, or blank lines between top-level `- ` items) would be split
 * wrongly; lxc prints neither.
 */
class YamlSplitter {
  private line = 0
  // The unfinished line carried over from earlier chunks (only its first bytes once it is over the limit).
  private readonly carry: Carry
  // The document being collected.
  private doc: Buffer[] = []
  private docBytes = 0
  private textLine = 0 // line of the first collected byte
  private docLine = 0 // line where the document starts (first content or `---` line)
  private hasContent = false
  private blankSeen = false
  private overLimit = false

  constructor(
    private readonly file: string,
    private readonly max: number,
    private readonly batch: Batch,
  ) {
    this.carry = new Carry(max + 1)
  }

  /** Takes in the next chunk, completing the lines it ends. */
  feed(chunk: Buffer): void {
    let pos = 0
    let nl = chunk.indexOf(NL)
    const carry = this.carry
    if (!carry.empty) {
      if (nl === -1) {
        carry.add(chunk)
        return
      }
      this.line++
      // A line over the limit is handled by its first bytes; its document is reported as too long.
      if (carry.over) this.handle(carry.head, 0, carry.head.length, true)
      else {
        const joined = carry.take(chunk, 0, nl + 1)
        this.handle(joined, 0, joined.length - 1, false)
      }
      carry.reset()
      pos = nl + 1
      nl = chunk.indexOf(NL, pos)
    }
    while (nl !== -1) {
      this.line++
      this.handle(chunk, pos, nl, false)
      pos = nl + 1
      nl = chunk.indexOf(NL, pos)
    }
    if (pos < chunk.length) this.carry.add(chunk, pos)
  }

  /**
   * At a pause: a document followed by a blank line is finished now (lxc prints two after each). Otherwise it
   * would wait for the next document's first line, which on a quiet `lxc monitor` may come minutes later. Only
   * an indented line after the pause (a block scalar with blank lines in it, written in pieces) would be split
   * off; a document without a blank line after it still waits for its `---`, `...` or the next document.
   */
  pause(): void {
    if (this.carry.empty && this.hasContent && this.blankSeen) this.flush()
  }

  /** Finishes the last line and document. */
  end(): void {
    const carry = this.carry
    if (carry.over) {
      this.line++
      this.handle(carry.head, 0, carry.head.length, true)
    } else if (carry.bytes > 0) {
      this.line++
      const last = carry.take()
      this.handle(last, 0, last.length, false)
    }
    this.flush()
  }

  /** One line: bytes [start, end) of `buf` without its newline (which, when present, follows at `end`). */
  private handle(buf: Buffer, start: number, end: number, overlong: boolean): void {
    let e = end
    if (e > start && buf[e - 1] === CR) e--
    if (!overlong && isBlank(buf, start, e)) {
      // Blank lines inside a document matter (block scalars); leading ones do not.
      if (this.doc.length > 0) this.append(buf, start, end, false)
      if (this.hasContent) this.blankSeen = true
      return
    }
    const b = buf[start]
    const rest = buf[start + 3]
    const marker = e - start === 3 || rest === 0x20 || rest === 0x09
    if (b === 0x2d && buf[start + 1] === 0x2d && buf[start + 2] === 0x2d && marker) {
      // `---` starts a document, which may carry content on the same line.
      if (this.hasContent) this.flush()
      this.docLine = this.line
      this.hasContent = overlong || !isBlank(buf, start + 3, e)
      this.append(buf, start, end, overlong)
    } else if (b === 0x2e && buf[start + 1] === 0x2e && buf[start + 2] === 0x2e && marker) {
      this.flush()
    } else if (b === 0x23) {
      this.append(buf, start, end, overlong)
    } else if (b === 0x25) {
      // A directive belongs to the next document.
      if (this.hasContent) this.flush()
      this.append(buf, start, end, overlong)
    } else {
      const indented = b === 0x20 || b === 0x09
      if (!indented && this.hasContent && this.blankSeen) this.flush()
      if (this.docLine === 0) this.docLine = this.line
      this.hasContent = true
      this.blankSeen = false
      this.append(buf, start, end, overlong)
    }
  }

  private append(buf: Buffer, start: number, end: number, overlong: boolean): void {
    if (this.overLimit) return
    if (this.doc.length === 0) this.textLine = this.line
    const withNl = end < buf.length ? end + 1 : end
    if (overlong || this.docBytes + (withNl - start) > this.max) {
      this.overLimit = true
      this.doc = []
      this.batch.push({ file: this.file, line: this.docLine || this.line, error: tooLong(this.max) }, 0)
      return
    }
    this.doc.push(start === 0 && withNl === buf.length ? buf : buf.subarray(start, withNl))
    this.docBytes += withNl - start
  }

  /** Parses the collected document (if it has any content) and starts a new one. */
  private flush(): void {
    const { doc, docBytes, docLine, textLine, hasContent, overLimit } = this
    this.doc = []
    this.docBytes = 0
    this.docLine = 0
    this.hasContent = false
    this.blankSeen = false
    this.overLimit = false
    if (!hasContent || overLimit) return
    const bytes = Buffer.concat(doc, docBytes)
    if (!isUtf8(bytes)) {
      this.batch.push({ file: this.file, line: docLine, error: INVALID_UTF8 }, docBytes)
      return
    }
    this.parse(bytes.toString('utf8'), docLine, textLine, docBytes)
  }

  private parse(text: string, docLine: number, textLine: number, size: number): void {
    const docs = parseAllDocuments(text, { intAsBigInt: true, prettyErrors: false })
    let first = true
    for (const doc of docs) {
      const line = first ? docLine : textLine + linesBefore(text, doc.range[0])
      first = false
      const problem = doc.errors[0]
      if (problem !== undefined) {
        const at = textLine + linesBefore(text, problem.pos[0])
        const where = at === line ? '' : ` (line ${at})`
        this.batch.push({ file: this.file, line, error: `invalid YAML${where}: ${problem.message}` }, size)
        continue
      }
      // An empty document (`---` alone) is no record, like a blank JSONL line.
      if (doc.contents === null) continue
      try {
        const value = safeNumbers(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), new Set())
        this.batch.push({ file: this.file, line, value }, size)
      } catch (err) {
        this.batch.push({ file: this.file, line, error: `invalid YAML: ${(err as Error).message}` }, size)
      }
    }
  }
}

/** How many line breaks precede `offset` in `text`. */
function linesBefore(text: string, offset: number): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++
  return n
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * Integers were read as bigints so that 19-digit ids keep every digit; the ones a number holds
 * exactly become numbers again, as JSON.parse would give. Aliases can share or nest nodes, hence `seen`.
 */
function safeNumbers(value: unknown, seen: Set<object>): unknown {
  if (typeof value === 'bigint') return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value
  if (value === null || typeof value !== 'object' || seen.has(value)) return value
  seen.add(value)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = safeNumbers(value[i], seen)
  } else {
    const obj = value as Record<string, unknown>
    for (const key of Object.keys(obj)) obj[key] = safeNumbers(obj[key], seen)
  }
  return value
}

/** Records from YAML documents: `{ value }` for each one that parses, `{ error }` for one that does not. */
export async function* readYaml(
  chunks: AsyncIterable<Buffer>,
  file: string,
  max: number,
): AsyncGenerator<InputRecord[]> {
  const batch = new Batch()
  const splitter = new YamlSplitter(file, max, batch)
  for await (const chunk of chunks) {
    if (chunk.length === 0) splitter.pause()
    else splitter.feed(chunk)
    if (batch.records.length > 0) yield batch.take()
  }
  splitter.end()
  if (batch.records.length > 0) yield batch.take()
}
