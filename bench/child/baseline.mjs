// Parse-only baseline: `node baseline.mjs FILE evcat|bare [PASSES]`.
//   evcat: evcat's own reader (openInput + readRecords, kind jsonl) and JSON.parse of each record's text;
//          the only difference to `evcat validate` is the validation.
//   bare:  a 1 MiB read stream, Buffer indexOf(10) and JSON.parse of each line (for reference).
// Prints {records, passMs: [...]} as one JSON line.
import { createReadStream } from 'node:fs'

const [file, mode = 'evcat', passesArg = '1'] = process.argv.slice(2)
const passes = Number(passesArg)

async function evcatPass() {
  const { openInput, readRecords } = await import('evcat')
  let records = 0
  let sink = 0
  const input = await openInput(file)
  for await (const batch of readRecords(input, { kind: 'jsonl' })) {
    for (const record of batch) {
      const value = JSON.parse(record.text)
      if (value !== null && typeof value === 'object') sink++
      records++
    }
  }
  if (sink !== records) throw new Error('a record did not parse to an object')
  return records
}

async function barePass() {
  let records = 0
  let carry = null
  for await (let chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    if (carry !== null) {
      chunk = Buffer.concat([carry, chunk])
      carry = null
    }
    let pos = 0
    for (;;) {
      const nl = chunk.indexOf(10, pos)
      if (nl === -1) break
      if (nl > pos) {
        JSON.parse(chunk.toString('utf8', pos, nl))
        records++
      }
      pos = nl + 1
    }
    if (pos < chunk.length) carry = chunk.subarray(pos)
  }
  if (carry !== null && carry.length > 0) {
    JSON.parse(carry.toString('utf8'))
    records++
  }
  return records
}

const passMs = []
let records = 0
for (let i = 0; i < passes; i++) {
  const t0 = performance.now()
  records = mode === 'bare' ? await barePass() : await evcatPass()
  passMs.push(performance.now() - t0)
}
console.log(JSON.stringify({ records, passMs }))
