import { posix } from 'node:path'
import { cmp } from '../../src/errors.js'
import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'
import { buildFixtures } from '../fixtures/build.js'
import type { EventFixtures } from '../fixtures/types.js'
import { eventPageView } from './event-view.js'
import { HOME, SEARCH, eventPath, familyPath } from './links.js'
import { asset, markdownToHtml, renderPage, type LayoutData } from './render.js'
import { searchEntries, searchIndexScript } from './search-index.js'
import { familyView, homeView, type ExtraPage } from './view.js'

/** A Markdown file another generator may write, published as a page of the site when it exists. */
export interface ExtraPageOption {
  readonly title: string
  /** The site page, e.g. `compatibility.html`. */
  readonly path: string
  /** Output paths to look for, first found wins. */
  readonly from: readonly string[]
}

// The folder under out/ is fixed, as every generator's is.
const DIR = 'site'

/** Options of the site generator. */
export interface SiteOptions {
  /** Pages published when a generator that ran earlier wrote them. @default compatibility rules and changelog */
  readonly extraPages: readonly ExtraPageOption[]
}

/**
 * Writes a static site that works from file:// and loads nothing from the network: a home page, a page per
 * family and per event, a search page, and the compatibility rules and changelog when earlier generators wrote them.
 */
export const siteGenerator: Generator<SiteOptions> = {
  name: 'site',
  defaults: {
    extraPages: [
      { title: 'Compatibility rules', path: 'compatibility.html', from: ['docs/compatibility.md', 'compatibility.md'] },
      { title: 'Changelog', path: 'changelog.html', from: ['docs/changelog.md', 'changelog.md', 'CHANGELOG.md'] },
    ],
  },
  reads: (options) => options.extraPages.flatMap((p) => p.from),
  async generate(model, options, earlier): Promise<readonly GeneratedFile[]> {
    return siteFiles(model, buildFixtures(model), options, earlier)
  },
}

/** The site's files for a model, its fixtures and the files generated before it. */
export function siteFiles(
  model: CatalogModel,
  fixtures: readonly EventFixtures[],
  options: SiteOptions,
  earlier: readonly GeneratedFile[],
): GeneratedFile[] {
  return [...siteFileStream(model, fixtures, options, earlier)]
}

/**
 * The same files as `siteFiles`, made one at a time: each page is rendered only when the consumer asks for the
 * next one, so a consumer that writes each file and lets it go (`writeOutputStream`) holds one page at a time,
 * not the whole site (10,000 pages are about 100 MB of strings).
 */
export function* siteFileStream(
  model: CatalogModel,
  fixtures: readonly EventFixtures[],
  options: SiteOptions,
  earlier: readonly GeneratedFile[],
): IterableIterator<GeneratedFile> {
  const dir = DIR
  const everything = model.files.map((f) => f.path)
  const extras = options.extraPages.flatMap((p) => {
    const found = p.from.map((path) => earlier.find((f) => f.path === path)).find((f) => f !== undefined)
    return found === undefined ? [] : [{ page: { title: p.title, path: p.path }, file: found }]
  })
  const nav: ExtraPage[] = extras.map((x) => x.page)
  const layout = (root: string, title: string, search = false): LayoutData => ({ root, title, nav, search })
  const html = (path: string, contents: string, sources: readonly string[]): GeneratedFile => ({
    path: `${dir}/${path}`,
    language: 'html',
    sources,
    contents,
  })
  yield html(HOME, renderPage('home', { ...homeView(model, nav), ...layout('', model.name, true) }), everything)
  yield html(SEARCH, renderPage('search', layout('', 'Search', true)), everything)
  yield { path: `${dir}/assets/style.css`, language: 'css', sources: [], contents: asset('style.css') }
  yield { path: `${dir}/assets/search.js`, language: 'js', sources: [], contents: asset('search.js') }
  yield {
    path: `${dir}/assets/search-index.js`,
    language: 'js',
    sources: everything,
    contents: searchIndexScript(searchEntries(model)),
  }
  const link = siteLinks(model, extras)
  for (const x of extras) {
    const body = markdownToHtml(x.file.contents, (href) => link(x.file.path, href))
    yield html(x.page.path, renderPage('page', { html: body, ...layout('', x.page.title) }), x.file.sources)
  }
  for (const family of model.families) yield* familyPages(family, fixtures, dir, layout)
}

/**
 * Where a relative Markdown link of an extra page (`from`, a path under out/) goes in the site: to another extra
 * page (fragment kept), the docs index to the home page, a family's docs pages to its family page; anything else
 * has no page here (undefined). Extra pages sit at the site's root, so the result is relative to it.
 */
export function siteLinks(
  model: CatalogModel,
  extras: readonly { page: ExtraPage; file: GeneratedFile }[],
): (from: string, href: string) => string | undefined {
  const pages = new Map<string, string>([['docs/index.md', HOME]])
  for (const f of model.families) pages.set(`docs/${f.id}.md`, familyPath(f))
  return (from, href) => {
    const [path = '', fragment] = href.split('#', 2)
    const target = posix.normalize(posix.join(posix.dirname(from), decodeURI(path)))
    const extra = extras.find((x) => x.file.path === target)
    if (extra !== undefined) return `${extra.page.path}${fragment === undefined ? '' : `#${fragment}`}`
    const family = model.families.find((f) => target.startsWith(`docs/${f.id}/`))
    return pages.get(target) ?? (family === undefined ? undefined : familyPath(family))
  }
}

// A family's page, then one page per event, each rendered when asked for.
function* familyPages(
  family: FamilyModel,
  fixtures: readonly EventFixtures[],
  dir: string,
  layout: (root: string, title: string) => LayoutData,
): IterableIterator<GeneratedFile> {
  const byEvent = new Map(fixtures.filter((f) => f.family === family.id).map((f) => [f.event, f]))
  const familyView_ = familyView(family)
  yield {
    path: `${dir}/${familyPath(family)}`,
    language: 'html',
    sources: [...new Set([family.source.file, ...family.events.map((e) => e.source.file)])].sort(cmp),
    contents: renderPage('family', { ...familyView_, ...layout(familyView_.root, family.title) }),
  }
  for (const e of family.events) {
    const view = eventPageView(family, e, byEvent.get(e.name))
    yield {
      path: `${dir}/${eventPath(family, e)}`,
      language: 'html',
      sources: [...new Set([family.source.file, e.source.file])].sort(cmp),
      contents: renderPage('event', { ...view, ...layout(view.root, view.title) }),
    }
  }
}
