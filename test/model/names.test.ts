import { describe, expect, it } from 'vitest'
import { validateCatalog } from '../../src/catalog/check.js'
import { CatalogError } from '../../src/errors.js'
import { buildModel } from '../../src/model/build.js'
import { eventTypeName, pascalCase } from '../../src/model/names.js'
import { miniCatalog, miniWith } from '../helpers.js'

describe('pascalCase', () => {
  it.each([
    ['events-hub', 'EventsHub'],
    ['i3d', 'I3D'],
    ['I3dAIMAIMCreate', 'I3DAIMAIMCreate'],
    ['instance-file-pushed', 'InstanceFilePushed'],
    ['pdfm/VM_ADDED', 'PdfmVmAdded'],
    ['AIMCreate', 'AIMCreate'],
    ['UNDEFINED\\_ERROR', 'UndefinedError'],
    ['19001', '19001'],
    ['stats/System Stats', 'StatsSystemStats'],
  ])('%s → %s', (id, want) => expect(pascalCase(id)).toBe(want))

  it('builds event type names with the family prefix', () => {
    expect(eventTypeName('Lxd', 'instance-renamed')).toBe('LxdInstanceRenamedEvent')
    expect(eventTypeName('EventsHub', 'global/WebSocket connection established', 'GlobalWelcome')).toBe(
      'EventsHubGlobalWelcomeEvent',
    )
  })
})

describe('name collisions', () => {
  it('are a catalog error, never a silent Foo1', () => {
    const catalog = validateCatalog(
      miniCatalog(miniWith('shop/order.yaml', '  - name: cancelled\n', '  - name: cancelled\n    typeName: Placed\n')),
    )
    let error: unknown
    try {
      buildModel(catalog)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CatalogError)
    const d = (error as CatalogError).diagnostics
    expect(d.map((x) => [x.code, x.location.file, x.location.line, x.message])).toEqual([
      [
        'name-collision',
        'shop/order.yaml',
        3,
        'events "shop/cancelled" and "shop/placed" both generate the type name ShopPlacedEvent',
      ],
    ])
  })
})
