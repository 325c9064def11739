import { describe, expect, it } from 'vitest'
import { checkCatalog } from '../../src/catalog/check.js'
import { miniCatalog, miniWith } from '../helpers.js'

describe('checkCatalog with waived codes (the old side of evcat diff)', () => {
  it('lets a catalog through when every error is one it was told to waive, and only then', () => {
    const raw = miniCatalog(miniWith('shop/ping.yaml', 'sources: [code]', 'sources: [nowhere]'))
    const strict = checkCatalog(raw)
    expect(strict.catalog).toBeUndefined()
    expect(strict.diagnostics.map((d) => d.code)).toEqual(['unknown-source'])
    const lenient = checkCatalog(raw, { waive: (d) => d.code === 'unknown-source' })
    expect(lenient.catalog?.families.map((f) => f.id)).toEqual(['shop'])
    expect(lenient.diagnostics.map((d) => d.code)).toEqual(['unknown-source'])
    expect(checkCatalog(raw, { waive: (d) => d.code === 'invalid-schema' }).catalog).toBeUndefined()
  })
})
