import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generationModules, inputsFingerprint } from '../../src/emit/fingerprint.js'

// A copy of evcat's sources, so that files can be edited while other tests read the real ones.
let root: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'evcat-fingerprint-'))
  for (const path of ['src', 'generators', 'catalog/schemas', 'package-lock.json'])
    cpSync(path, join(root, path), { recursive: true })
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const CATALOG = 'test/golden/features/catalog'

describe('the inputs fingerprint hashes only what decides out/', () => {
  it('follows imports from the generators and the pipeline, and leaves out the CLI and validation', async () => {
    const modules = await generationModules(root)
    expect(modules).toEqual(
      expect.arrayContaining(['generators/index.ts', 'generators/types/index.ts', 'src/schema/compose.ts']),
    )
    expect(modules).toContain('src/model/names.ts')
    expect(modules.filter((m) => m.startsWith('src/cli/') || m.startsWith('src/validate/'))).toEqual([])
  })

  it.each([
    ['a comment in the validate command', 'src/cli/commands/validate.ts', '\n// a comment\n', false],
    ['help text of the CLI', 'src/cli/main.ts', '\n// help text\n', false],
    ['a reporter', 'src/validate/report/text.ts', '\n// a comment\n', false],
    ['a generator', 'generators/types/index.ts', '\n// a comment\n', true],
    ['a module a generator imports', 'src/schema/merge.ts', '\n// a comment\n', true],
    ['the runtime copied into out/', 'src/runtime/dispatch.ts', '\n// a comment\n', true],
    ['a docs template', 'generators/docs/templates/index.hbs', '\n', true],
    ['the lockfile', 'package-lock.json', '\n', true],
    ['the compatibility rules (out/docs/compatibility.md)', 'src/registry/rules.ts', '\n// a comment\n', true],
    ['a meta-schema', 'catalog/schemas/group.schema.json', '\n', true],
    ['evcat diff, which writes nothing into out/', 'src/registry/diff/compare.ts', '\n// a comment\n', false],
    ['a module imported only for its types', 'src/model/types.ts', '\n// a comment\n', false],
  ])('editing %s (%s) changes it: %s', async (_what, path, text, changes) => {
    const before = await inputsFingerprint(CATALOG, root)
    appendFileSync(join(root, path), text)
    const after = await inputsFingerprint(CATALOG, root)
    expect(after !== before).toBe(changes)
  })

  it('changes with the catalog files, not with the prose or the acknowledged changes beside them', async () => {
    const catalog = mkdtempSync(join(tmpdir(), 'evcat-fingerprint-catalog-'))
    try {
      cpSync(CATALOG, catalog, { recursive: true })
      const before = await inputsFingerprint(catalog, root)
      // The catalog's prose for people, and the acknowledged changes evcat diff reads, decide nothing generated.
      writeFileSync(join(catalog, 'README.md'), '# The catalog\n')
      writeFileSync(join(catalog, 'accepted-changes.yaml'), 'accepted: []\n')
      expect(await inputsFingerprint(catalog, root)).toBe(before)
      appendFileSync(join(catalog, 'catalog.yaml'), '# a comment\n')
      expect(await inputsFingerprint(catalog, root)).not.toBe(before)
    } finally {
      rmSync(catalog, { recursive: true, force: true })
    }
  })
})
