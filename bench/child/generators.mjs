// Each default generator over the real catalog's model, in order, as `evcat generate` runs them:
// `node generators.mjs`. Prints JSON: milliseconds per generator (the model is built first, untimed).
import { rootUrl } from '../lib/paths.mjs'

const { loadCatalog } = await import(rootUrl('dist/src/catalog/load.js'))
const { validateCatalog } = await import(rootUrl('dist/src/catalog/check.js'))
const { buildModel } = await import(rootUrl('dist/src/model/build.js'))
const { defaultGenerators } = await import(rootUrl('dist/generators/index.js'))
const model = buildModel(validateCatalog(await loadCatalog('catalog')))
const out = []
const ms = {}
for (const g of defaultGenerators) {
  const t0 = performance.now()
  out.push(...(await g.generate(model, g.defaults, out)))
  ms[g.name] = performance.now() - t0
}
console.log(JSON.stringify(ms))
