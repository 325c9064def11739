// Start-up without generated code: compile the same schemas the validators generator compiles, with the
// same ajv set-up (createPayloadAjv), at run time. `node startup-compile.mjs SCHEMAS_JSON`.
// Timed from importing ajv to the last compiled validator (building the catalog model is not counted).
import { readFileSync } from 'node:fs'

const [schemasPath] = process.argv.slice(2)
const t0 = performance.now()
const { createPayloadAjv } = await import('evcat/schema')
const { parseExact } = await import('evcat/runtime')
const { families } = parseExact(readFileSync(schemasPath, 'utf8'))
let compiled = 0
for (const f of families) {
  const ajv = createPayloadAjv()
  ajv.addSchema(f.definitionsSchema)
  for (const s of f.generated) ajv.addSchema(s.schema, s.id)
  for (const s of f.generated) {
    if (typeof ajv.getSchema(s.id) !== 'function') throw new Error(`did not compile: ${s.id}`)
    compiled++
  }
}
const compileMs = performance.now() - t0
console.log(JSON.stringify({ compileMs, compiled }))
