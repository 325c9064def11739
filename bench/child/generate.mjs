// `evcat generate`'s pipeline as the CLI runs it (load, check, model, every generator streamed into the staging
// folder, the swap) in one fresh process: `node generate.mjs all|without-open-formats OUT`. The second leaves out
// the schemas, asyncapi and site generators, so a run of both measures what those add, on the same machine at the
// same time.

const [mode, out] = process.argv.slice(2)
const OPEN_FORMATS = new Set(['schemas', 'asyncapi', 'site'])
// As the generate command does before it generates.
const { collectGarbageSooner } = await import('../../dist/src/cli/heap.js')
collectGarbageSooner()
const { loadCatalog, validateCatalog, buildModel, generateStream, writeOutputStream } = await import('evcat')
const { defaultGenerators } = await import('evcat/generators')
const generators = mode === 'all' ? defaultGenerators : defaultGenerators.filter((g) => !OPEN_FORMATS.has(g.name))
const model = buildModel(validateCatalog(await loadCatalog('catalog')))
await writeOutputStream(out, model, generateStream(model, generators))
