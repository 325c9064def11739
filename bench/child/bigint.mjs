// Exact big integers: parseExact against JSON.parse on the same lines. `node bigint.mjs FILE LINES ROUNDS`.
// Rounds alternate the two; prints per-round times and how many lines have a 16+ digit run.
import { readLines } from '../lib/lines.mjs'

const [file, linesArg, roundsArg] = process.argv.slice(2)
const { parseExact } = await import('evcat/runtime')
const lines = readLines(file, Number(linesArg))
const longLines = lines.filter((l) => /\d{16}/.test(l)).length
const jsonMs = []
const exactMs = []
for (let r = 0; r < Number(roundsArg); r++) {
  let t0 = performance.now()
  let a = 0
  for (const l of lines) if (JSON.parse(l) !== null) a++
  jsonMs.push(performance.now() - t0)
  t0 = performance.now()
  let b = 0
  for (const l of lines) if (parseExact(l) !== null) b++
  exactMs.push(performance.now() - t0)
  if (a !== b) throw new Error('mismatch')
}
console.log(JSON.stringify({ records: lines.length, longLines, jsonMs, exactMs }))
