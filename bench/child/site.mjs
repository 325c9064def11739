// Step 2 of the site at scale: `node site.mjs FILE OUT`. Reads the model and fixtures that site-prepare.mjs
// wrote, then runs the site generator (siteFileStream, the pages siteGenerator makes, one at a time, with the
// memoized fixtures) and writes its files as they come (writeOutputStream: header, hash, staging folder, manifest,
// swap), as `evcat generate` does. The parent reads this process's peak RSS: generating the site while holding the
// model and fixtures it reads (inputRssKB: the peak once they are read). Prints JSON with times, page count and bytes.
import { readFileSync } from 'node:fs'
import { deserialize } from 'node:v8'
// As `evcat generate` does before it generates (EVCAT_HEAP_GROWING=0 leaves V8's own factor, for the reference row).
const { collectGarbageSooner } = await import('../../dist/src/cli/heap.js')
collectGarbageSooner()

const [file, out] = process.argv.slice(2)
// Read before evcat's modules are imported: the serialized bytes (50 MB at 10,000 events), which a real generate
// never holds, are garbage by the time the modules' allocations make V8 collect.
const { model, fixtures } = deserialize(readFileSync(file))
const { writeOutputStream } = await import('evcat')
const { defaultGenerators, siteFileStream } = await import('evcat/generators')
const siteGenerator = defaultGenerators.find((g) => g.name === 'site')
const inputRssKB = process.resourceUsage().maxRSS
let pages = 0
let bytes = 0
let siteMs = 0
// Counts what passes, and times the generator's own work (each page's rendering) apart from the writes.
function* counted(files) {
  const it = files[Symbol.iterator]()
  for (;;) {
    const t = performance.now()
    const next = it.next()
    siteMs += performance.now() - t
    if (next.done) return
    if (next.value.path.endsWith('.html')) pages++
    bytes += Buffer.byteLength(next.value.contents)
    yield next.value
  }
}
const t0 = performance.now()
await writeOutputStream(out, model, counted(siteFileStream(model, fixtures, siteGenerator.defaults, [])))
const t1 = performance.now()
console.log(
  JSON.stringify({
    events: model.families.reduce((n, f) => n + f.events.length, 0),
    pages,
    bytes,
    siteMs,
    writeMs: t1 - t0 - siteMs,
    inputRssKB,
  }),
)
