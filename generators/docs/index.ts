import { cmp } from '../../src/errors.js'
import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'
import { buildFixtures } from '../fixtures/build.js'
import type { EventFixtures } from '../fixtures/types.js'
import { renderFamily, renderIndex } from './render.js'
import { familyView, indexView, pageName } from './view-model.js'

/** Options of the docs generator. */
export interface DocsOptions {
  /** Folder under the output folder for the Markdown pages. @default "docs" */
  readonly dir: string
}

/** Generates `index.md` and one Markdown page per family, with a section per event. */
export const docsGenerator: Generator<DocsOptions> = {
  name: 'docs',
  defaults: { dir: 'docs' },
  async generate(model: CatalogModel, options: DocsOptions): Promise<readonly GeneratedFile[]> {
    return docsFiles(model, buildFixtures(model), options)
  },
}

/** The docs pages for a model and its fixtures (each event's example is its first valid fixture). */
export function docsFiles(
  model: CatalogModel,
  fixtures: readonly EventFixtures[],
  options: DocsOptions,
): GeneratedFile[] {
  const files: GeneratedFile[] = [
    {
      path: `${options.dir}/index.md`,
      language: 'md',
      sources: indexSources(model),
      contents: renderIndex(indexView(model)),
    },
  ]
  for (const family of model.families) {
    files.push({
      path: `${options.dir}/${pageName(family)}`,
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
