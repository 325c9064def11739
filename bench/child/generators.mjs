// Each default generator over the real catalog's model, in order, as `evcat generate` runs them:
// `node generators.mjs`. Prints JSON: milliseconds per generator (the model is built first, untimed).

const { loadCatalog, validateCatalog, buildModel } = await import('evcat')
const { defaultGenerators } = await import('evcat/generators')
const model = buildModel(validateCatalog(await loadCatalog('catalog')))
const out = []
const ms = {}
for (const g of defaultGenerators) {
  const t0 = performance.now()
  out.push(...(await g.generate(model, g.defaults, out)))
  ms[g.name] = performance.now() - t0
}
console.log(JSON.stringify(ms))
