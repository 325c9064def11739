import { isUtf8 } from 'node:buffer'
import type { InputRecord } from '../types.js'
import { Batch, Carry, isBlank } from './chunks.js'
import { INVALID_UTF8, tooLong } from './jsonl.js'

/** The record separator that starts every record of RFC 7464 `application/json-seq`. */
export const RS = 0x1e
const NL = 0x0a
const NOT_JSON_SEQ =
  'text before the first RS (0x1E) byte: not RFC 7464 json-seq; for JSON values one after another use --input json-concat'

/**
 * Records of RFC 7464 `application/json-seq`: each one starts with RS (0x1E) and runs to the next RS, usually
 * a JSON text and a line feed. Empty records (RS RS) are skipped, as the RFC allows. Text before the first RS is
 * one unreadable record: an input with no RS at all is not json-seq, and is said to be so once, not line by line.
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
    } else if (!isUtf8(bytes.subarray(0, end))) batch.push({ file, line: recordLine, error: INVALID_UTF8 }, end)
    else batch.push({ file, line: recordLine, text: bytes.toString('utf8', 0, end) }, end)
  }

  for await (const chunk of chunks) {
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
