import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Handlebars from 'handlebars'
import MarkdownIt from 'markdown-it'
import { normalizeNewlines } from '../../src/emit/header.js'
import { packageRoot } from '../../src/package-root.js'

/** The site's templates by name. */
export type TemplateName = 'home' | 'family' | 'event' | 'search' | 'page'

/** What every page's layout reads beside its own view: the extra pages for the nav, and whether search runs. */
export type LayoutData = {
  readonly root: string
  readonly title: string
  readonly nav: readonly { readonly title: string; readonly path: string }[]
  readonly search: boolean
}

/** Renders one page, as ASCII (see `asciiOnly`). */
export function renderPage(name: TemplateName, view: LayoutData & { readonly [key: string]: unknown }): string {
  return asciiOnly(normalizeNewlines(templates()[name](view)))
}

/**
 * The same HTML with every non-ASCII character as a numeric character reference (`≥` → `&#8805;`). The browser
 * shows the same text; the page no longer depends on its encoding, and V8 keeps it as a one-byte string: one
 * `≥` would otherwise make the whole page UTF-16, twice the memory (it matters at 10,000 pages). The latin1
 * round trip is what gives the one-byte representation; the text is ASCII by then, so it is unchanged.
 */
export function asciiOnly(html: string): string {
  // Most pages are ASCII already (and then one-byte): no copy.
  if (!/[^\x00-\x7f]/.test(html)) return html
  const ascii = html.replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)!};`)
  return Buffer.from(ascii, 'latin1').toString('latin1')
}

let cached: Record<TemplateName, Handlebars.TemplateDelegate> | undefined

/**
 * Compiles the templates once, in an isolated Handlebars environment with HTML escaping ON (the default): every
 * `{{value}}` is escaped (& < > " ' ` =), so catalog text can carry no markup, in text or in attributes. The
 * one triple-stash, `{{{html}}}` in page.hbs, prints Markdown rendered by markdown-it with raw HTML disabled.
 * `strict` makes a template that names a missing field fail at generation instead of printing nothing.
 */
function templates(): Record<TemplateName, Handlebars.TemplateDelegate> {
  if (cached !== undefined) return cached
  const dir = join(packageRoot(), 'generators', 'site', 'templates')
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8').replace(/\r\n?/g, '\n')
  const hbs = Handlebars.create()
  for (const partial of ['layout', 'results', 'sources', 'facts'])
    hbs.registerPartial(partial, read(`partials/${partial}.hbs`))
  const compile = (name: string): Handlebars.TemplateDelegate =>
    hbs.compile(read(`${name}.hbs`), { preventIndent: true })
  cached = {
    home: compile('home'),
    family: compile('family'),
    event: compile('event'),
    search: compile('search'),
    page: compile('page'),
  }
  return cached
}

/** A static asset of the site (`style.css`, `search.js`), as written in generators/site/assets/. */
export function asset(name: string): string {
  return readFileSync(join(packageRoot(), 'generators', 'site', 'assets', name), 'utf8').replace(/\r\n?/g, '\n')
}

/**
 * Markdown (the compatibility rules, the changelog) as HTML: raw HTML in the source is escaped, not passed
 * through, and markdown-it refuses javascript:, vbscript: and data: links (except images). A relative link is
 * handed to `link` (with its `#fragment`, if any): it returns the site's href for it, or undefined, and then the
 * link's text stays as text, so a page never links to a file the site does not have.
 */
export function markdownToHtml(markdown: string, link: (href: string) => string | undefined = () => undefined): string {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false })
  const dropped = new WeakSet<object>()
  md.core.ruler.push('evcat-site-links', (state) => {
    for (const block of state.tokens)
      for (const token of block.children ?? []) {
        if (token.type !== 'link_open') continue
        const href = String(token.attrGet('href') ?? '')
        if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('//')) continue
        const target = link(href)
        if (target === undefined) dropped.add(token)
        else token.attrSet('href', target)
      }
  })
  // A link with no target in the site: its text only (the closing tag of the same depth goes too).
  const open: boolean[] = []
  md.renderer.rules.link_open = (tokens, i, options, _env, self) => {
    open.push(dropped.has(tokens[i]!))
    return dropped.has(tokens[i]!) ? '' : self.renderToken(tokens, i, options)
  }
  md.renderer.rules.link_close = (tokens, i, options, _env, self) =>
    open.pop() ? '' : self.renderToken(tokens, i, options)
  return md.render(markdown)
}
