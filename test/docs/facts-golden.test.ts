import { describe, expect, it } from 'vitest'
import { docsGenerator } from '../../generators/docs/index.js'
import { buildFixtures } from '../../generators/fixtures/build.js'
import { siteFiles, siteGenerator } from '../../generators/site/index.js'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { withHeader } from '../../src/emit/header.js'
import { buildModel } from '../../src/model/build.js'
import { run } from '../cli/run.js'

// Issue #11's display, on a catalog made for it (test/golden/facts): for each field, what is enforced and why
// (evidence class and citation), which values are only known (and from what), which versions send it; the event's
// versions and the family's known versions. The same facts in the Markdown docs, the site and `evcat show`.
const CATALOG = 'test/golden/facts/catalog'
const EXPECTED = '../golden/facts/expected'
const model = buildModel(validateCatalog(await loadCatalog(CATALOG)))
const fixtures = buildFixtures(model)

describe('field facts in the Markdown docs, the site and evcat show (golden)', async () => {
  const docs = await docsGenerator.generate(model, docsGenerator.defaults)
  const site = siteFiles(model, fixtures, siteGenerator.defaults, []).filter((f) => f.path.startsWith('site/park/'))

  it.each(docs.map((f) => [f.path, withHeader(f)] as const))('%s matches its golden file', async (path, text) => {
    await expect(text).toMatchFileSnapshot(`${EXPECTED}/${path}`)
  })

  it.each(site.map((f) => [f.path, f.contents] as const))('%s matches its golden file', async (path, text) => {
    await expect(text).toMatchFileSnapshot(`${EXPECTED}/${path}`)
  })

  const shows = ['park', 'park/ride-started', 'park/ride-stopped', 'park/gate-opened']
  it.each(shows)('evcat show %s (text and --json) matches its golden files', async (ref) => {
    const stem = ref.replace('/', '-')
    const text = await run('show', ref, '--catalog', CATALOG)
    const json = await run('show', ref, '--catalog', CATALOG, '--json')
    expect([text.code, text.err, json.code, json.err]).toEqual([0, '', 0, ''])
    await expect(text.out).toMatchFileSnapshot(`${EXPECTED}/show/${stem}.txt`)
    await expect(json.out).toMatchFileSnapshot(`${EXPECTED}/show/${stem}.json`)
  })

  it('the three say the same of a field: known only from a page example, versions, evidence', async () => {
    const md = docs.find((f) => f.path === 'docs/park/ride.md')!.contents
    const html = site.find((f) => f.path === 'site/park/ride-started.html')!.contents
    const text = (await run('show', 'park/ride-started', '--catalog', CATALOG)).out
    expect(md).toContain(
      '| `data.music` | string | no |  |  | known: `"waltz"`, "&lt;b&gt;polka&lt;/b&gt; \\| \\*x\\*" (others possible; not enforced; only from page examples: `park-page l.12`) |  |',
    )
    expect(md).toContain('| `data.seats` | integer | no | &gt;=1.5 &lt;2 or since 3.0 |')
    expect(md).toContain('`anyOf`: code `park-src speed.go:31`; code `park-src-1.0 speed.go:31`')
    expect(html).toContain(
      'known: &quot;waltz&quot;, &quot;&lt;b&gt;polka&lt;/b&gt; | *x*&quot; (others possible; not enforced; only from page examples: park-page l.12)',
    )
    expect(html).toContain('<p><code>anyOf</code>: code park-src speed.go:31; code park-src-1.0 speed.go:31</p>')
    expect(text).toContain(
      '  data.music  string  optional\n    known:    "waltz", "<b>polka</b> | *x*" (others possible; not enforced; only from page examples: park-page l.12)\n',
    )
    expect(text).toContain('sent by:    server versions since 1.5\n')
  })
})
