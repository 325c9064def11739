// The library's dispatcher in a loop over pre-parsed values: `node library.mjs FILE LINES ROUNDS`.
// Each round times JSON.parse over the same lines, then the dispatcher (createDispatcher over the
// generated tables) over values parsed once with parseExact. Prints per-round times.
import { readLines } from '../lib/lines.mjs'
import { rootUrl } from '../lib/paths.mjs'

const [file, linesArg, roundsArg] = process.argv.slice(2)
const { createDispatcher, parseExact } = await import('evcat/runtime')
const { tables } = await import(rootUrl('out/validators/index.js'))
const lines = readLines(file, Number(linesArg))
const values = lines.map((l) => parseExact(l))
const dispatch = createDispatcher(tables)
const parseMs = []
const dispatchMs = []
let valid = 0
for (let r = 0; r < Number(roundsArg); r++) {
  let t0 = performance.now()
  let sink = 0
  for (const l of lines) if (JSON.parse(l) !== null) sink++
  parseMs.push(performance.now() - t0)
  t0 = performance.now()
  valid = 0
  for (const v of values) if (dispatch(v).status === 'valid') valid++
  dispatchMs.push(performance.now() - t0)
  if (sink !== lines.length) throw new Error('parse failed')
}
console.log(JSON.stringify({ records: lines.length, valid, parseMs, dispatchMs }))
