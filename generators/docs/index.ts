import { cmp } from '../../src/errors.js'
import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'
import { buildFixtures } from '../fixtures/build.js'
import type { EventFixtures } from '../fixtures/types.js'
import { renderFamily, renderIndex } from './render.js'
import { familyView, indexView, pageName } from './view-model.js'

// The folder under out/ is fixed, not an option: `evcat validate` and the package generator read the
// generators' files at these paths.
const DIR = 'docs'

/** Generates `index.md` and one Markdown page per family, with a section per event. */
export const docsGenerator: Generator = {
  name: 'docs',
  defaults: {},
  async generate(model: CatalogModel): Promise<readonly GeneratedFile[]> {
    return docsFiles(model, buildFixtures(model))
  },
}

/** The docs pages for a model and its fixtures (each event's example is its first valid fixture). */
export function docsFiles(model: CatalogModel, fixtures: readonly EventFixtures[]): GeneratedFile[] {
  const files: GeneratedFile[] = [
    {
      path: `${DIR}/index.md`,
      language: 'md',
      sources: indexSources(model),
      contents: renderIndex(indexView(model)),
    },
  ]
  for (const family of model.families) {
    files.push({
      path: `${DIR}/${pageName(family)}`,
      language: 'md',
      sources: familySources(family),
      contents: renderFamily(familyView(family, fixtures)),
    })
  }
  return files
}

function familySources(family: FamilyModel): string[] {
  return [...new Set([family.source.file, ...family.events.map((e) => e.source.file)])].sort(cmp)
}

function indexSources(model: CatalogModel): string[] {
  return [...new Set(['catalog.yaml', ...model.families.flatMap(familySources)])].sort(cmp)
}
