import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCatalog } from '../../src/catalog/load.js'
import { validateCatalog } from '../../src/catalog/check.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel, EventModel, FamilyModel } from '../../src/model/types.js'
import { seedsAvailable } from '../requirements.js'
import { boldBullets, jsonExampleBlocks, markdownTables, readSeed, SEEDS, squash } from './parse.js'

// The vendor pages are beside the repository, not in it: a plain clone skips these tests (CI requires them).
const hasSeeds = seedsAvailable(SEEDS)

// The seed README maps each page to its family; the test reads it rather than naming the files itself.
const seedFiles = new Map<string, string[]>()
const seedIndex = hasSeeds ? readFileSync(`${SEEDS}/README.md`, 'utf8') : ''
for (const m of seedIndex.matchAll(/^\| `([^`]+\.txt)` \| `([a-z0-9-]+)` \|/gm)) {
  seedFiles.set(m[2]!, [...(seedFiles.get(m[2]!) ?? []), m[1]!])
}

let model: CatalogModel
beforeAll(async () => {
  model = buildModel(validateCatalog(await loadCatalog('catalog')))
})

const family = (id: string): FamilyModel => model.families.find((f) => f.id === id)!
/** Source ids of a family that cite a given seed file. */
const seedIds = (f: FamilyModel, file: string): string[] =>
  f.sources.filter((s) => s.kind === 'seed' && s.file === file).map((s) => s.id)
const claims = (e: EventModel, ids: string[]) => e.pages.filter((p) => ids.includes(p.source))

describe.runIf(hasSeeds)('the catalog covers every event the seed pages name (needs ../shared/seeds)', () => {
  it('maps every family to its seed pages', () => {
    expect([...seedFiles.keys()].sort()).toEqual(['batcher', 'events-hub', 'i3d', 'lxd'])
  })

  it('i3d: every table row, with its service, group and example message', () => {
    const [file] = seedFiles.get('i3d')!
    const f = family('i3d')
    const ids = seedIds(f, file!)
    const rows = markdownTables(readSeed(file!))
    expect(rows.length).toBeGreaterThanOrEqual(53)
    for (const row of rows) {
      const service = row.headings.find((h) => h.startsWith('Service '))!.slice('Service '.length)
      const group = row.headings.find((h) => h.startsWith('Event Group: '))!.slice('Event Group: '.length)
      const [name, example] = row.cells as [string, string]
      const matches = f.events.filter((e) => claims(e, ids).some((p) => p.name === name && p.example === example))
      expect(
        matches.map((e) => e.name),
        `i3d row ${name}`,
      ).toHaveLength(1)
      const g = f.groups.find((x) => x.id === matches[0]!.group)!
      expect([g.service, g.title], `i3d row ${name}`).toEqual([service, group])
    }
  })

  it('lxd: every event type and every lifecycle row, with its description and additional information', () => {
    const [file] = seedFiles.get('lxd')!
    const text = readSeed(file!)
    const f = family('lxd')
    const ids = seedIds(f, file!)
    const types = [...text.matchAll(/^- `([a-z]+)`: Shows/gm)].map((m) => m[1]!)
    expect(types).toEqual(['logging', 'operation', 'lifecycle'])
    for (const type of types)
      expect(
        f.events.some((e) => e.match['/type'] === type),
        type,
      ).toBe(true)
    const rows = markdownTables(text)
    expect(rows.length).toBe(108)
    for (const row of rows) {
      const [cell, summary, details] = row.cells as [string, string, string]
      const name = cell.replace(/^`|`$/g, '')
      const e = f.events.find((x) => x.match['/type'] === 'lifecycle' && x.match['/metadata/action'] === name)
      expect(e, `lifecycle action ${name}`).toBeDefined()
      const page = claims(e!, ids).find((p) => p.name === name)
      expect(page, `page claim of ${name}`).toBeDefined()
      expect([page!.summary, page!.details ?? ''], name).toEqual([summary, details])
    }
  })

  it('batcher: every bullet of every section, with its text', () => {
    const [file] = seedFiles.get('batcher')!
    const f = family('batcher')
    const ids = seedIds(f, file!)
    const bullets = boldBullets(readSeed(file!))
    expect(bullets.length).toBe(21)
    for (const b of bullets) {
      const e = f.events.find((x) => x.match['/name'] === b.name)
      expect(e, `batcher ${b.name}`).toBeDefined()
      expect(
        claims(e!, ids).some((p) => p.section === b.section && p.summary === b.text),
        `${b.section}: ${b.name}`,
      ).toBe(true)
    }
  })

  it('events-hub: every example message, kept verbatim, on the event it documents', () => {
    const f = family('events-hub')
    let blocks = 0
    for (const file of seedFiles.get('events-hub')!) {
      const ids = seedIds(f, file)
      for (const block of jsonExampleBlocks(readSeed(file))) {
        blocks++
        const owners = f.events.filter((e) =>
          claims(e, ids).some((p) => p.example !== undefined && squash(p.example) === squash(block.text)),
        )
        expect(owners.length, `${file}: example for ${block.eventType}/${block.message}`).toBeGreaterThanOrEqual(1)
        for (const e of owners) {
          expect(e.match['/event_type']).toBe(block.eventType)
          // Where the page's message text is not the wire's (the welcome's semicolon), a correction says so.
          const corrected = e.corrections.some((c) => c.page.includes(block.message))
          expect(e.match['/message'] === block.message || corrected, `${e.name} vs page message ${block.message}`).toBe(
            true,
          )
        }
      }
    }
    expect(blocks).toBeGreaterThanOrEqual(9)
  })
})
