// The site generator at scale: `node site.mjs CATALOG OUT`. Loads the catalog as `evcat generate` does, builds
// the fixtures (which the fixtures generator makes anyway in a real run), then runs the site generator alone,
// finalizes and writes its files. Prints JSON: per-phase times, the bytes of the pages it holds, and the peak RSS
// before and after the site phase, so the site's own demand shows beside the whole process's peak.
// (Heap figures cannot say it: pages are made by Buffer#toString('latin1'), strings V8 counts in neither
// heapUsed nor external.)
import { rootUrl } from '../lib/paths.mjs'

const [catalog, out] = process.argv.slice(2)
const { loadCatalog } = await import(rootUrl('dist/src/catalog/load.js'))
const { validateCatalog } = await import(rootUrl('dist/src/catalog/check.js'))
const { buildModel } = await import(rootUrl('dist/src/model/build.js'))
const { buildFixtures } = await import(rootUrl('dist/generators/fixtures/build.js'))
const { siteGenerator } = await import(rootUrl('dist/generators/site/index.js'))
const { finalize, writeOutput } = await import(rootUrl('dist/src/emit/write.js'))
const peak = () => process.resourceUsage().maxRSS * 1024
const t = [performance.now()]
const model = buildModel(validateCatalog(await loadCatalog(catalog)))
t.push(performance.now())
buildFixtures(model)
t.push(performance.now())
const peakBeforeSite = peak()
const files = await siteGenerator.generate(model, siteGenerator.defaults, [])
t.push(performance.now())
const peakAfterSite = peak()
await writeOutput(out, finalize(model, files))
t.push(performance.now())
const ms = t.slice(1).map((x, i) => x - t[i])
console.log(
  JSON.stringify({
    events: model.families.reduce((n, f) => n + f.events.length, 0),
    pages: files.filter((f) => f.path.endsWith('.html')).length,
    bytes: files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0),
    catalogMs: ms[0],
    fixturesMs: ms[1],
    siteMs: ms[2],
    writeMs: ms[3],
    peakBeforeSite,
    peakAfterSite,
  }),
)
