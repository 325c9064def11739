import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel, EventModel, FamilyModel } from '../../src/model/types.js'

/** Strings that would inject markup or script wherever a generator forgot to escape. */
export const HOSTILE = {
  script: '</code></td></tr></table><script>window.__evcatPwned = 1</script>',
  img: '"><img src=x onerror="window.__evcatPwned = 2">',
  attr: "' onmouseover='window.__evcatPwned = 3' x='",
  url: 'javascript:window.__evcatPwned = 4',
  markdown: '[click](javascript:alert(1)) <b>bold</b> {{handlebars}} `code`',
} as const

/**
 * The mini test catalog (test/fixtures/mini) as a model, dressed with hostile strings in every kind of prose, a
 * web source with a javascript: URL (which the catalog's meta-schema would refuse), and more evidence (both forms,
 * an example reference) and versions (`x-versions`, event `versions`, family `versions.known`) than it has.
 */
export async function syntheticModel(): Promise<CatalogModel> {
  const model = buildModel(validateCatalog(await loadCatalog('test/fixtures/mini')))
  return { ...model, summary: HOSTILE.script, families: model.families.map(dressFamily) }
}

function dressFamily(f: FamilyModel): FamilyModel {
  return {
    ...f,
    title: `Shop ${HOSTILE.img}`,
    summary: HOSTILE.script,
    notes: [HOSTILE.markdown, HOSTILE.attr],
    transport: { ...f.transport, framing: HOSTILE.script, notes: [HOSTILE.img] },
    sources: [...f.sources, { id: 'evil', kind: 'docs', title: HOSTILE.img, url: HOSTILE.url }],
    definitions: {
      ...f.definitions,
      Money: {
        ...f.definitions['Money'],
        properties: {
          amount: { type: 'integer', minimum: 0, 'x-evidence': 'code src/money.go:12-14' },
          currency: {
            type: 'string',
            enum: ['EUR', 'USD'],
            'x-versions': '>=2.0 <3 || >=4.1',
            'x-evidence': { enum: ['code src/money.go:20', 'example page l.7'] },
          },
        },
      },
    },
    versions: { known: ['1.0', '2.0', '4.1', 'main'], note: 'synthetic' },
    events: f.events.map(dressEvent),
  }
}

function dressEvent(e: EventModel): EventModel {
  if (e.name !== 'placed') return e
  return {
    ...e,
    summary: HOSTILE.script,
    description: HOSTILE.img,
    notes: [HOSTILE.attr, HOSTILE.markdown],
    sources: [...e.sources, { id: 'evil', kind: 'docs', title: HOSTILE.attr, url: HOSTILE.url }],
    corrections: [{ pointer: '/data/total', page: HOSTILE.img, wire: HOSTILE.script, sources: ['code'] }],
    pages: [{ source: 'page', name: HOSTILE.attr, summary: HOSTILE.markdown, example: HOSTILE.script }],
    versions: '>=1.0 <2 || >=4.1',
    sentBy: '>=1.0 <2 || >=4.1',
  }
}
