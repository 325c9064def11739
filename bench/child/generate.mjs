// `evcat generate`'s pipeline (load, check, model, every generator, finalize, write) in one fresh process:
// `node generate.mjs all|without-open-formats OUT`. The second leaves out the schemas, asyncapi and site
// generators, so a run of both measures what those add, on the same machine at the same time.

const [mode, out] = process.argv.slice(2)
const OPEN_FORMATS = new Set(['schemas', 'asyncapi', 'site'])
const { loadCatalog, validateCatalog, buildModel, generate, finalize, writeOutput } = await import('evcat')
const { defaultGenerators } = await import('evcat/generators')
const generators = mode === 'all' ? defaultGenerators : defaultGenerators.filter((g) => !OPEN_FORMATS.has(g.name))
const model = buildModel(validateCatalog(await loadCatalog('catalog')))
await writeOutput(out, finalize(model, await generate(model, generators)))
