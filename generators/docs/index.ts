import { cmp } from '../../src/errors.js'
import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import type { CatalogModel, EventModel, FamilyModel, GroupModel } from '../../src/model/types.js'
import { buildFixtures } from '../fixtures/build.js'
import type { EventFixtures } from '../fixtures/types.js'
import { PAGE_LIMIT, planPages } from './pages.js'
import { renderFamily, renderGroupPage, renderIndex } from './render.js'
import { familyView, groupPageView, indexView, pageName, type FamilyLayout } from './view-model.js'

// The folder under out/ is fixed, not an option: `evcat validate` and the package generator read the
// generators' files at these paths.
const DIR = 'docs'

/** Options of the docs generator. */
export interface DocsOptions {
  /** The largest a page may be, in bytes; event sections are split over pages to stay under it. @default 200000 */
  readonly pageLimit: number
}

/**
 * Generates `index.md` (the entry), a page per family (transport, sources, notes, each group's event table) and
 * the event sections on a page per group, split further where a group would pass the page limit.
 */
export const docsGenerator: Generator<DocsOptions> = {
  name: 'docs',
  defaults: { pageLimit: PAGE_LIMIT },
  reads: () => [],
  async generate(model: CatalogModel, options: DocsOptions): Promise<readonly GeneratedFile[]> {
    return docsFiles(model, buildFixtures(model), options)
  },
}

/** The docs pages for a model and its fixtures (each event's example is its first valid fixture). */
export function docsFiles(
  model: CatalogModel,
  fixtures: readonly EventFixtures[],
  options: Partial<DocsOptions> = {},
): GeneratedFile[] {
  const files: GeneratedFile[] = [
    {
      path: `${DIR}/index.md`,
      language: 'md',
      sources: indexSources(model),
      contents: renderIndex(indexView(model)),
    },
  ]
  for (const family of model.families) files.push(...familyFiles(family, fixtures, options))
  return files
}

function familyFiles(
  family: FamilyModel,
  fixtures: readonly EventFixtures[],
  options: Partial<DocsOptions>,
): GeneratedFile[] {
  const layout = familyLayout(family, fixtures, options.pageLimit ?? PAGE_LIMIT)
  const files: GeneratedFile[] = [
    {
      path: `${DIR}/${layout.familyPage}`,
      language: 'md',
      sources: familySources(family),
      contents: renderFamily(familyView(family, fixtures, layout)),
    },
  ]
  for (const page of layout.pages)
    files.push({
      path: `${DIR}/${page.file}`,
      language: 'md',
      sources: [...new Set([family.source.file, ...page.events.map((e) => e.source.file)])].sort(cmp),
      contents: renderGroupPage(groupPageView(family, page, layout, fixtures)),
    })
  return files
}

/**
 * Decides the pages of a family's event sections by rendering candidate pages and measuring them; the limit keeps
 * a 5% margin, since the final pages link across pages (longer links than the candidates' `#anchor`).
 */
export function familyLayout(family: FamilyModel, fixtures: readonly EventFixtures[], limit: number): FamilyLayout {
  const familyPage = pageName(family)
  const single: FamilyLayout = { familyPage, pages: [] }
  const measure = (group: GroupModel, events: readonly EventModel[]): number =>
    Buffer.byteLength(
      renderGroupPage(groupPageView(family, { file: `${family.id}/x.md`, group, events }, single, fixtures)),
    )
  return { familyPage, pages: planPages(family, measure, Math.floor(limit * 0.95)) }
}

function familySources(family: FamilyModel): string[] {
  return [...new Set([family.source.file, ...family.events.map((e) => e.source.file)])].sort(cmp)
}

function indexSources(model: CatalogModel): string[] {
  return [...new Set(['catalog.yaml', ...model.families.flatMap(familySources)])].sort(cmp)
}
