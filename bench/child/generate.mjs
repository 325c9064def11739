// `evcat generate`'s pipeline (load, check, model, every generator, finalize, write) in one fresh process:
// `node generate.mjs all|without-open-formats OUT`. The second leaves out the schemas, asyncapi and site
// generators, so a run of both measures what those add, on the same machine at the same time.
import { rootUrl } from '../lib/paths.mjs'

const [mode, out] = process.argv.slice(2)
const OPEN_FORMATS = new Set(['schemas', 'asyncapi', 'site'])
const { loadCatalog } = await import(rootUrl('dist/src/catalog/load.js'))
const { validateCatalog } = await import(rootUrl('dist/src/catalog/check.js'))
const { buildModel } = await import(rootUrl('dist/src/model/build.js'))
const { generate } = await import(rootUrl('dist/src/generate.js'))
const { finalize, writeOutput } = await import(rootUrl('dist/src/emit/write.js'))
const { defaultGenerators } = await import(rootUrl('dist/generators/index.js'))
const generators = mode === 'all' ? defaultGenerators : defaultGenerators.filter((g) => !OPEN_FORMATS.has(g.name))
const model = buildModel(validateCatalog(await loadCatalog('catalog')))
await writeOutput(out, finalize(model, await generate(model, generators)))
