import { cmp } from '../../src/errors.js'
import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import type { CatalogModel } from '../../src/model/types.js'
import { stringifyYaml } from '../../src/emit/yaml.js'
import { buildFixtures } from '../fixtures/build.js'
import { asyncapiDocument } from './document.js'

// The folder under out/ is fixed, as every generator's is.
const DIR = 'asyncapi'

/** Writes one AsyncAPI 3.0 document per family (`<family>.yaml`): servers, channels, operations, messages. */
export const asyncapiGenerator: Generator = {
  name: 'asyncapi',
  defaults: {},
  reads: () => [],
  async generate(model: CatalogModel): Promise<readonly GeneratedFile[]> {
    const fixtures = buildFixtures(model)
    return model.families.map((family) => {
      const byEvent = new Map(fixtures.filter((f) => f.family === family.id).map((f) => [f.event, f]))
      return {
        path: `${DIR}/${family.id}.yaml`,
        language: 'yaml',
        sources: [...new Set([family.source.file, ...family.events.map((e) => e.source.file)])].sort(cmp),
        contents: toYaml(asyncapiDocument(model, family, byEvent)),
      }
    })
  },
}

/**
 * YAML with no anchors or aliases (a shared object is written out again; some AsyncAPI tools do not follow
 * aliases), no folding of long lines, and bigints written as exact integers (`src/emit/yaml.ts`).
 */
export function toYaml(document: unknown): string {
  return stringifyYaml(document)
}
