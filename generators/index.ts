import type { Generator } from '../src/emit/generated-file.js'
import { typesGenerator } from './types/index.js'
import { validatorsGenerator } from './validators/index.js'
import { packageGenerator } from './package/index.js'
import { fixturesGenerator } from './fixtures/index.js'
import { docsGenerator } from './docs/index.js'
import { schemasGenerator } from './schemas/index.js'
import { asyncapiGenerator } from './asyncapi/index.js'
import { siteGenerator } from './site/index.js'
import { compatibilityGenerator } from './registry/compatibility.js'
import { snapshotGenerator } from './registry/snapshot.js'

/** Every generator `evcat generate` runs, in order. Only the CLI wires these in. */
export const defaultGenerators: readonly Generator<never>[] = [
  typesGenerator as Generator<never>,
  validatorsGenerator as Generator<never>,
  fixturesGenerator as Generator<never>,
  docsGenerator as Generator<never>,
  compatibilityGenerator as Generator<never>,
  snapshotGenerator as Generator<never>,
  schemasGenerator as Generator<never>,
  asyncapiGenerator as Generator<never>,
  // After every generator whose Markdown pages it publishes (docs/compatibility.md, a changelog): it reads them
  // from the files generated before it.
  siteGenerator as Generator<never>,
  // Last: it compiles what the generators before it wrote.
  packageGenerator as Generator<never>,
]

/** The schemas the validators generator compiles, for programs that compare against it (bench). */
export * as validatorSchemas from './validators/schemas.js'

/** The site generator's files from a model and its fixtures, and the fixtures (memoized per model), for bench. */
export { siteFiles, siteFileStream } from './site/index.js'
export { buildFixtures } from './fixtures/build.js'
