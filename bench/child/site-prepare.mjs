// Step 1 of the site at scale: `node site-prepare.mjs CATALOG FILE`. Loads the catalog as `evcat generate` does,
// builds the model and the fixtures, and writes both to FILE with v8.serialize, so that step 2 (site.mjs) runs
// the site generator in a process that holds only what the site reads. Prints JSON with the time of each phase.
import { writeFileSync } from 'node:fs'
import { serialize } from 'node:v8'

const [catalog, file] = process.argv.slice(2)
const { loadCatalog, validateCatalog, buildModel } = await import('evcat')
const { buildFixtures } = await import('evcat/generators')
const t0 = performance.now()
const model = buildModel(validateCatalog(await loadCatalog(catalog)))
const t1 = performance.now()
const fixtures = buildFixtures(model)
const t2 = performance.now()
writeFileSync(file, serialize({ model, fixtures }))
console.log(JSON.stringify({ catalogMs: t1 - t0, fixturesMs: t2 - t1 }))
