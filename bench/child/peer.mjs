// The naive peer: what a user without evcat would write. One ajv (allErrors, strict off, ajv-formats),
// one schema `{oneOf: [every event's composed message schema]}` with every family's definitions, and
// JSON.parse of each line. `node peer.mjs SCHEMAS_JSON FILE SAMPLE EVCAT_ROUNDS`.
// Prints compile time, the peer's time over the sample, and evcat (parseExact + dispatcher) over the same
// sample: its first round and its best later round (warmed, as the peer's big function never gets faster).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { readLines } from '../lib/lines.mjs'
import { ROOT, rootUrl } from '../lib/paths.mjs'

const [schemasPath, file, sampleArg, roundsArg] = process.argv.slice(2)
const require = createRequire(ROOT + 'package.json')
const Ajv = require('ajv').default
const addFormats = require('ajv-formats')
const { parseExact } = await import('evcat/runtime')
const { families } = parseExact(readFileSync(schemasPath, 'utf8'))

// Every family's definitions under one root, renamed `<family>__<name>`, with each $ref rewritten to match.
const rename = (family) => (node) => {
  if (Array.isArray(node)) return node.map(rename(family))
  if (node === null || typeof node !== 'object') return node
  const out = {}
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')
        ? `#/definitions/${family}__${v.slice(14)}`
        : rename(family)(v)
  }
  return out
}
const definitions = {}
const oneOf = []
for (const f of families) {
  for (const [name, schema] of Object.entries(f.definitions)) definitions[`${f.id}__${name}`] = rename(f.id)(schema)
  for (const schema of f.events) oneOf.push(rename(f.id)(schema))
}
const t0 = performance.now()
const ajv = new Ajv({ allErrors: true, strict: false })
addFormats(ajv)
const validate = ajv.compile({ definitions, oneOf })
const compileMs = performance.now() - t0

const lines = readLines(file, Number(sampleArg))
// A short warm-up, then the timed pass over the whole sample.
for (const l of lines.slice(0, 200)) validate(JSON.parse(l))
let t1 = performance.now()
let peerValid = 0
for (const l of lines) if (validate(JSON.parse(l))) peerValid++
const peerMs = performance.now() - t1

const { createDispatcher } = await import('evcat/runtime')
const { tables } = await import(rootUrl('out/validators/index.js'))
const dispatch = createDispatcher(tables)
const evcatMs = []
let evcatValid = 0
for (let r = 0; r < Number(roundsArg); r++) {
  t1 = performance.now()
  evcatValid = 0
  for (const l of lines) if (dispatch(parseExact(l)).status === 'valid') evcatValid++
  evcatMs.push(performance.now() - t1)
}
console.log(
  JSON.stringify({ events: oneOf.length, records: lines.length, compileMs, peerMs, peerValid, evcatMs, evcatValid }),
)
