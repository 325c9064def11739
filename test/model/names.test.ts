import { describe, expect, it } from 'vitest'
import { validateCatalog } from '../../src/catalog/check.js'
import { CatalogError } from '../../src/errors.js'
import { buildModel } from '../../src/model/build.js'
import { camelCase, eventTypeName, familyNames, groupNames, pascalCase } from '../../src/model/names.js'
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

describe('runtime and family names', () => {
  it.each([
    ['events-hub', 'eventsHub'],
    ['i3d', 'i3d'],
    ['lxd', 'lxd'],
    ['batcher', 'batcher'],
  ])('camelCase %s → %s, the id as written', (id, want) => expect(camelCase(id)).toBe(want))

  it('decides every generated name of a family and a group in one place, one spelling per id', () => {
    expect(familyNames('i3d')).toEqual({
      typePrefix: 'I3D',
      namespace: 'i3d',
      unionName: 'I3DEvent',
      eventMapName: 'I3DEventMap',
      nameListName: 'i3dEventNames',
      tableName: 'i3dTable',
      validationName: 'I3DValidation',
      envelopeValidatorName: 'validateI3DEnvelope',
      serverVersionsName: 'i3dServerVersions',
      serverVersionName: 'I3DServerVersion',
      validateOptionsName: 'I3DValidateOptions',
    })
    expect(groupNames('events-hub', 'vm-1')).toEqual({
      unionName: 'EventsHubVm1Event',
      nameListName: 'eventsHubVm1Names',
      validatorName: 'validateEventsHubVm1Group',
    })
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
