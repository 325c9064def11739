import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Handlebars from 'handlebars'
import { normalizeNewlines } from '../../src/emit/header.js'
import { packageRoot } from '../../src/package-root.js'
import type { FamilyPageView, GroupPageView, IndexView } from './view-model.js'

/** Renders the index page from its view. */
export function renderIndex(view: IndexView): string {
  return normalizeNewlines(templates().index(view))
}

/** Renders a family page from its view. */
export function renderFamily(view: FamilyPageView): string {
  return normalizeNewlines(templates().family(view))
}

/** Renders a page of event sections from its view. */
export function renderGroupPage(view: GroupPageView): string {
  return normalizeNewlines(templates().group(view))
}

interface Templates {
  readonly index: Handlebars.TemplateDelegate<IndexView>
  readonly family: Handlebars.TemplateDelegate<FamilyPageView>
  readonly group: Handlebars.TemplateDelegate<GroupPageView>
}

let cached: Templates | undefined

/**
 * Compiles the templates once, in an isolated Handlebars environment. `noEscape: true` turns Handlebars'
 * HTML escaping off on purpose: its escaping is for HTML, not Markdown, and would double-escape. Every string
 * a template prints was escaped for Markdown exactly once in the view model (escape.ts, unit-tested).
 */
function templates(): Templates {
  if (cached !== undefined) return cached
  const dir = join(packageRoot(), 'generators', 'docs', 'templates')
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8').replace(/\r\n?/g, '\n')
  const hbs = Handlebars.create()
  for (const partial of ['table', 'facts', 'block', 'event'])
    hbs.registerPartial(partial, read(`partials/${partial}.hbs`))
  const options = { noEscape: true, preventIndent: true } as const
  cached = {
    index: hbs.compile<IndexView>(read('index.hbs'), options),
    family: hbs.compile<FamilyPageView>(read('family.hbs'), options),
    group: hbs.compile<GroupPageView>(read('group.hbs'), options),
  }
  return cached
}
