import { isUtf8 } from 'node:buffer'
import type { InputRecord } from '../types.js'
import { Batch, Carry, isBlank } from './chunks.js'
import { INVALID_UTF8, tooLong } from './jsonl.js'

/** The record separator that starts every record of RFC 7464 `application/json-seq`. */
export const RS = 0x1e
const NL = 0x0a
const TEXT_AFTER = 'text after a complete JSON text, before the next RS (0x1E): a json-seq record holds one JSON text'
/** A pause finishes a record only up to this size: parsing a bigger one at every pause could cost a lot. */
const PAUSE_PARSE_LIMIT = 1 << 20
const NOT_JSON_SEQ =
  'text before the first RS (0x1E) byte: not RFC 7464 json-seq; for JSON values one after another use --input json-concat'

/**
 * Records of RFC 7464 `application/json-seq`: each one starts with RS (0x1E) and runs to the next RS, usually
 * a JSON text and a line feed. Empty records (RS RS) are skipped, as the RFC allows. Text before the first RS is
 * one unreadable record: an input with no RS at all is not json-seq, and is said to be so once, not line by line.
 * A record ends where the next RS starts, which on a live stream may come much later; so at a pause (an empty
 * chunk) a record that ends in a line feed and parses as JSON is finished at once. Should more text follow it
 * before the next RS, that text is one unreadable record of its own.
 */
export async function* readJsonSeq(
  chunks: AsyncIterable<Buffer>,
  file: string,
  max: number,
): AsyncGenerator<InputRecord[]> {
  const batch = new Batch()
  // The record being read; a little slack for the line feed (and CR) that end a record and are not part of it.
  const carry = new Carry(max + 2)
  let line = 1
  let recordLine = 1
  let started = false // an RS was seen: what is carried is a record, not text before the first RS
  let afterText = false // a pause finished the record: what is carried is text after it

  const finish = (): void => {
    const over = carry.over
    const bytes = carry.take()
    let end = bytes.length
    while (end > 0 && (bytes[end - 1] === NL || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20)) end--
    if (!started) {
      if (over || !isBlank(bytes, 0, end)) batch.push({ file, line: recordLine, error: NOT_JSON_SEQ }, 0)
    } else if (over || end > max) batch.push({ file, line: recordLine, error: tooLong(max) }, 0)
    else if (isBlank(bytes, 0, end)) {
      // An empty record (RS RS): the RFC says to skip it.
    } else if (afterText) batch.push({ file, line: recordLine, error: TEXT_AFTER }, 0)
    else if (!isUtf8(bytes.subarray(0, end))) batch.push({ file, line: recordLine, error: INVALID_UTF8 }, end)
    else batch.push({ file, line: recordLine, text: bytes.toString('utf8', 0, end) }, end)
    afterText = false
  }

  // At a pause: finishes the record when it is whole (a line feed at its end, and JSON).
  const finishAtPause = (): void => {
    if (!started || afterText || carry.over || carry.bytes === 0 || carry.bytes > PAUSE_PARSE_LIMIT) return
    const bytes = carry.peek()
    if (bytes[bytes.length - 1] !== NL) return
    try {
      JSON.parse(bytes.toString('utf8'))
    } catch {
      return
    }
    finish()
    afterText = true
    recordLine = line
  }

  for await (const chunk of chunks) {
    if (chunk.length === 0) finishAtPause()
    let pos = 0
    for (let rs = chunk.indexOf(RS); rs !== -1; rs = chunk.indexOf(RS, pos)) {
      carry.add(chunk, pos, rs)
      line += countLines(chunk, pos, rs)
      finish()
      started = true
      recordLine = line
      pos = rs + 1
      if (batch.full) yield batch.take()
    }
    carry.add(chunk, pos)
    line += countLines(chunk, pos, chunk.length)
    if (batch.records.length > 0) yield batch.take()
  }
  finish()
  if (batch.records.length > 0) yield batch.take()
}

function countLines(buf: Buffer, from: number, to: number): number {
  let n = 0
  for (let i = buf.indexOf(NL, from); i !== -1 && i < to; i = buf.indexOf(NL, i + 1)) n++
  return n
}
