// Step 2 of the site at scale: `node site.mjs FILE OUT`. Reads the model and fixtures that site-prepare.mjs
// wrote, then runs the site generator (siteFiles, what siteGenerator.generate calls with the memoized fixtures),
// finalizes and writes its files, as `evcat generate` does. The parent reads this process's peak RSS: what
// generating the site needs, beside the model and fixtures it reads. Prints JSON with times, page count and bytes.
import { readFileSync } from 'node:fs'
import { deserialize } from 'node:v8'

const [file, out] = process.argv.slice(2)
const { finalize, writeOutput } = await import('evcat')
const { defaultGenerators, siteFiles } = await import('evcat/generators')
const siteGenerator = defaultGenerators.find((g) => g.name === 'site')
const { model, fixtures } = deserialize(readFileSync(file))
const inputRssKB = process.resourceUsage().maxRSS
const t0 = performance.now()
const files = siteFiles(model, fixtures, siteGenerator.defaults, [])
const t1 = performance.now()
await writeOutput(out, finalize(model, files))
const t2 = performance.now()
console.log(
  JSON.stringify({
    events: model.families.reduce((n, f) => n + f.events.length, 0),
    pages: files.filter((f) => f.path.endsWith('.html')).length,
    bytes: files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0),
    siteMs: t1 - t0,
    writeMs: t2 - t1,
    inputRssKB,
  }),
)
