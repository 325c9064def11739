// Start-up with evcat: import the generated (precompiled) validators. Prints {importMs, validators}.
import { rootUrl } from '../lib/paths.mjs'

const t0 = performance.now()
const { tables } = await import(rootUrl('out/validators/index.js'))
const importMs = performance.now() - t0
console.log(JSON.stringify({ importMs, events: tables.reduce((s, t) => s + t.events.length, 0) }))
