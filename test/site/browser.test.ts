import axe from 'axe-core'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { buildFixtures } from '../../generators/fixtures/build.js'
import { siteFiles, siteGenerator } from '../../generators/site/index.js'
import { requireOrSkip } from '../open-formats/require.js'
import { syntheticModel } from '../open-formats/synthetic.js'
import { chromiumAvailable, startBrowser, type Session } from './browser.js'
import { brokenLinks } from './links.js'

// The committed out/site/, in Debian's headless Chromium (puppeteer-core, the system binary). Screenshots go to
// test-artifacts/site/ (gitignored). CI installs chromium and sets EVCAT_REQUIRE_SERVERS=1.
const it = requireOrSkip(chromiumAvailable, 'Debian chromium at /usr/bin/chromium (apt-get install -y chromium)')
const site = resolve('out/site')
const artifacts = resolve('test-artifacts/site')
const url = (path: string): string => pathToFileURL(join(site, path)).href

let session: Session | undefined
beforeAll(async () => {
  if (chromiumAvailable) session = await startBrowser()
}, 60_000)
afterAll(async () => {
  await session?.close()
})

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source })
  const result = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run
    const r = await run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => `${v.id} (${v.impact ?? ''}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
  return result
}

describe('the docs site in Chromium', () => {
  it('search from the home page finds instance-renamed; its page shows old_name in the field table', async () => {
    const page = await session!.newPage()
    await page.goto(url('index.html'))
    await page.type('#search-input', 'instance-renamed')
    await page.waitForSelector('#search-results li a')
    const first = await page.$eval('#search-results li a', (a) => a.textContent)
    expect(first).toBe('instance-renamed')
    await Promise.all([page.waitForNavigation(), page.click('#search-results li a')])
    expect(page.url()).toBe(url('lxd/instance-renamed.html'))
    const cells = await page.$$eval('table.fields td:first-child', (tds) => tds.map((td) => td.textContent ?? ''))
    expect(cells.some((c) => c.includes('old_name'))).toBe(true)
    mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: join(artifacts, 'event-instance-renamed.png'), fullPage: false })
    await page.goto(url('index.html'))
    await page.screenshot({ path: join(artifacts, 'home.png'), fullPage: true })
    expect(session!.network).toEqual([])
  })

  it('the search form works without live results too: search.html?q= lists the event', async () => {
    const page = await session!.newPage()
    await page.goto(`${url('search.html')}?q=old_name`)
    const hits = await page.$$eval('#search-results li a', (as) => as.map((a) => a.textContent))
    expect(hits).toContain('instance-renamed')
  })

  it('every internal link and script of every page resolves, and no page loads from the network', () => {
    const { broken, checked } = brokenLinks(site)
    expect(checked).toBeGreaterThan(2000)
    expect(broken).toEqual([])
  })

  it('passes axe-core on the home, search, family and event pages', async () => {
    const page = await session!.newPage()
    const found: Record<string, string[]> = {}
    for (const path of [
      'index.html',
      'search.html',
      'lxd/index.html',
      'lxd/instance-renamed.html',
      'i3d/AIMDestroy.html',
    ]) {
      await page.goto(url(path))
      found[path] = await axeViolations(page)
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])))
  })

  it('reads without JavaScript and fits a phone-width screen', async () => {
    const page = await session!.newPage({ javaScript: false, width: 360 })
    for (const path of ['index.html', 'lxd/index.html', 'lxd/instance-renamed.html']) {
      await page.goto(url(path))
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(width, path).toBeLessThanOrEqual(360)
    }
    await page.goto(url('lxd/instance-renamed.html'))
    expect(await page.$$eval('table.fields tbody tr', (rows) => rows.length)).toBeGreaterThan(5)
    expect(await page.$eval('#search-input', (i) => (i as HTMLInputElement).form?.getAttribute('action'))).toBe(
      '../search.html',
    )
    mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: join(artifacts, 'event-phone.png'), fullPage: false })
  })
})

describe('hostile catalog strings in Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'evcat-hostile-site-'))
  afterAll(() => rmSync(tmp, { recursive: true, force: true }))

  it('inject no markup, script or javascript: link', async () => {
    const model = await syntheticModel()
    for (const f of siteFiles(model, buildFixtures(model), siteGenerator.defaults, [])) {
      mkdirSync(dirname(join(tmp, f.path)), { recursive: true })
      writeFileSync(join(tmp, f.path), f.contents)
    }
    const page = await session!.newPage()
    const pages = ['site/index.html', 'site/shop/index.html', 'site/shop/placed.html']
    for (const path of pages) {
      await page.goto(pathToFileURL(join(tmp, path)).href)
      const seen = await page.evaluate(() => ({
        pwned: (window as unknown as { __evcatPwned?: number }).__evcatPwned ?? null,
        scripts: [...document.scripts].map((s) => s.getAttribute('src')),
        imgs: document.images.length,
        bold: document.querySelectorAll('b').length,
        handlers: [...document.querySelectorAll('*')].filter((e) =>
          [...e.attributes].some((a) => a.name.startsWith('on')),
        ).length,
        jsLinks: [...document.links].filter((a) => a.protocol === 'javascript:').length,
        text: document.body.innerText,
      }))
      expect(seen, path).toMatchObject({ pwned: null, imgs: 0, bold: 0, handlers: 0, jsLinks: 0 })
      expect(
        seen.scripts.every((s) => s !== null && s.includes('assets/')),
        path,
      ).toBe(true)
    }
    await page.goto(pathToFileURL(join(tmp, 'site/shop/placed.html')).href)
    const text = await page.evaluate(() => document.body.innerText)
    // The hostile text is shown as text, exactly.
    expect(text).toContain('<script>window.__evcatPwned = 1</script>')
    expect(text).toContain('currency')
    expect(text).toContain('>=2.0 <3 or since 4.1')
  })
})
