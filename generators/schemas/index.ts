import { cmp } from '../../src/errors.js'
import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'
import { stringifyExact } from '../../src/runtime/json.js'
import { eventSchema, eventStem, familySchema } from './documents.js'
import { readme } from './readme.js'

// The folder under out/ is fixed, as every generator's is.
const DIR = 'schemas'

/**
 * Writes self-contained JSON Schemas (draft-07) for generic validators: one per event
 * (`<family>/<event>.json`) and one per family that dispatches on the discriminator (`<family>.json`).
 */
export const schemasGenerator: Generator = {
  name: 'schemas',
  defaults: {},
  reads: () => [],
  async generate(model: CatalogModel): Promise<readonly GeneratedFile[]> {
    const files: GeneratedFile[] = [
      { path: `${DIR}/README.md`, language: 'md', sources: ['catalog.yaml'], contents: readme(model) },
    ]
    for (const family of model.families) files.push(...familyFiles(family, DIR))
    return files
  },
}

function familyFiles(family: FamilyModel, dir: string): GeneratedFile[] {
  const files: GeneratedFile[] = [
    {
      path: `${dir}/${family.id}.json`,
      language: 'json',
      sources: [...new Set([family.source.file, ...family.events.map((e) => e.source.file)])].sort(cmp),
      contents: stringifyExact(familySchema(family), 2),
    },
  ]
  for (const e of family.events)
    files.push({
      path: `${dir}/${family.id}/${eventStem(e.name)}.json`,
      language: 'json',
      sources: [...new Set([family.source.file, e.source.file])].sort(cmp),
      contents: stringifyExact(eventSchema(family, e), 2),
    })
  return files
}
