import { describe, expect, it } from 'vitest'
import { buildFixtures } from '../../generators/fixtures/build.js'
import { siteFiles, siteGenerator } from '../../generators/site/index.js'
import { asciiOnly } from '../../generators/site/render.js'
import { searchEntries, searchIndexScript } from '../../generators/site/search-index.js'
import type { GeneratedFile } from '../../src/emit/generated-file.js'
import { HOSTILE, syntheticModel } from '../open-formats/synthetic.js'

const model = await syntheticModel()
const earlier: GeneratedFile[] = [
  {
    path: 'docs/compatibility.md',
    language: 'md',
    sources: ['catalog.yaml'],
    contents:
      '# Compatibility rules\n\nA rule. <script>alert(1)</script> [bad](javascript:alert(1)) [good](https://example.org/)\n\n' +
      'See [the changelog](../CHANGELOG.md#0-2-0), [the index](index.md), [the shop](shop.md#shop-placed), ' +
      '[its orders](shop/order.md) and [a file](../catalog/README.md); [here](#rules).\n',
  },
  { path: 'CHANGELOG.md', language: 'md', sources: ['catalog.yaml'], contents: '# Changelog\n\n## 0.2.0\n' },
]
const files = siteFiles(model, buildFixtures(model), siteGenerator.defaults, earlier)
const byPath = new Map(files.map((f) => [f.path, f.contents]))

describe('site generator (synthetic catalog, no browser)', () => {
  it('writes a home, a search page, a page per family and per event, assets, and the extra pages found', () => {
    expect(files.map((f) => f.path).sort()).toEqual([
      'site/assets/search-index.js',
      'site/assets/search.js',
      'site/assets/style.css',
      'site/changelog.html',
      'site/compatibility.html',
      'site/index.html',
      'site/search.html',
      'site/shop/cancelled.html',
      'site/shop/index.html',
      'site/shop/ping.html',
      'site/shop/placed.html',
    ])
    expect(byPath.get('site/index.html')).toContain('<a href="compatibility.html">Compatibility rules</a>')
    expect(byPath.get('site/shop/placed.html')).toContain('<a href="../compatibility.html">Compatibility rules</a>')
    expect(siteFiles(model, [], siteGenerator.defaults, []).some((f) => f.path.includes('compatibility'))).toBe(false)
  })

  it('rewrites relative .md links to the site: extra pages keep their fragment, docs pages go to family pages', () => {
    const page = byPath.get('site/compatibility.html')!
    expect(page).toContain('<a href="changelog.html#0-2-0">the changelog</a>')
    expect(page).toContain('<a href="index.html">the index</a>')
    expect(page).toContain('<a href="shop/index.html">the shop</a>')
    expect(page).toContain('<a href="shop/index.html">its orders</a>')
    expect(page).toContain(' and a file; <a href="#rules">here</a>')
  })

  it('renders the extra Markdown with raw HTML escaped and no javascript: link', () => {
    const page = byPath.get('site/compatibility.html')!
    expect(page).toContain('<h1>Compatibility rules</h1>')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).toContain('<a href="https://example.org/">good</a>')
    expect(page).not.toMatch(/href="javascript:/i)
  })

  it('never writes a hostile string raw, and every page is ASCII', () => {
    for (const [path, html] of byPath) {
      if (!path.endsWith('.html')) continue
      expect(html, path).not.toContain('<script>window.__evcatPwned')
      expect(html, path).not.toContain('<img')
      expect(html, path).not.toMatch(/\son[a-z]+=/)
      expect(html, path).not.toMatch(/href="javascript:/i)
      expect(/^[\x00-\x7f]*$/.test(html), path).toBe(true)
    }
    expect(byPath.get('site/shop/placed.html')).toContain(
      '&lt;/code&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;window.__evcatPwned &#x3D; 1&lt;/script&gt;',
    )
  })

  it('builds the search index at generate time: names, family, summary, field names, page', () => {
    const entries = searchEntries(model)
    const placed = entries.find((e) => e[4] === 'shop/placed.html')!
    expect(placed[0]).toBe('placed')
    expect(placed[2]).toBe(HOSTILE.script)
    expect(placed[3].split(' ')).toEqual(expect.arrayContaining(['kind', 'action', 'total', 'amount', 'currency']))
    const script = searchIndexScript(entries)
    expect(/^[\x00-\x7f]*$/.test(script)).toBe(true)
    const parsed = JSON.parse(script.replace(/^window\.EVCAT_SEARCH_INDEX = /, '').replace(/;\n$/, '')) as unknown[]
    expect(parsed).toEqual(entries)
  })

  it('writes non-ASCII text as character references', () => {
    expect(asciiOnly('≥ 0 ⚠ é 😀')).toBe('&#8805; 0 &#9888; &#233; &#128512;')
  })
})
