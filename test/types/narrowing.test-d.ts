import { describe, expectTypeOf, it } from 'vitest'
import type {
  BatcherBatchEvent,
  BatcherEvent,
  BatcherEventMap,
  BatcherTargetEvent,
  EventsHubEvent,
  EventsHubGlobalErrorEvent,
  EventsHubPdfmVmAddedEvent,
  EventsHubSystemErrorEvent,
  I3DAIMDestroyEvent,
  I3DEvent,
  LxdEvent,
  LxdInstanceRenamedEvent,
  LxdLifecycleEvent,
  LxdLifecycleEventMap,
  LxdLoggingEvent,
  LxdOperationEvent,
} from '../../out/types/index.js'
import { lxdLifecycleNames, batcherEventNames } from '../../out/types/index.js'

declare const lxd: LxdEvent
declare const hub: EventsHubEvent
declare const batcher: BatcherEvent
declare const i3d: I3DEvent

describe('LXD', () => {
  it('narrows on type, then on metadata.action', () => {
    if (lxd.type === 'lifecycle') {
      expectTypeOf(lxd).toEqualTypeOf<LxdLifecycleEvent>()
      // TypeScript narrows the object that holds the discriminant (metadata), never its parent: that is
      // where the action's own fields (context) live, so `switch (e.metadata.action)` is enough to use them.
      if (lxd.metadata.action === 'instance-renamed') {
        expectTypeOf(lxd.metadata).toEqualTypeOf<LxdInstanceRenamedEvent['metadata']>()
        expectTypeOf(lxd.metadata.context.old_name).toEqualTypeOf<string>()
      }
      switch (lxd.metadata.action) {
        case 'instance-exec':
          expectTypeOf(lxd.metadata.context.command).toEqualTypeOf<string[]>()
          break
        case 'image-created':
          expectTypeOf(lxd.metadata.context.type).toEqualTypeOf<'container' | 'virtual-machine'>()
          break
      }
    }
    if (lxd.type === 'operation') expectTypeOf(lxd).toEqualTypeOf<LxdOperationEvent>()
    if (lxd.type === 'logging') expectTypeOf(lxd).toEqualTypeOf<LxdLoggingEvent>()
  })

  it('rejects a wrong literal and a field the event does not have', () => {
    if (lxd.type === 'lifecycle') {
      // @ts-expect-error "instance-exploded" is not an LXD lifecycle action
      if (lxd.metadata.action === 'instance-exploded') return
      if (lxd.metadata.action === 'instance-started') {
        // @ts-expect-error instance-started carries no context keys
        void lxd.metadata.context?.old_name
      }
    }
    // @ts-expect-error "lifecycles" is not an LXD event type
    if (lxd.type === 'lifecycles') return
  })

  it('maps each action to its event type, and lists the actions at run time', () => {
    expectTypeOf<LxdLifecycleEventMap['instance-renamed']>().toEqualTypeOf<LxdInstanceRenamedEvent>()
    expectTypeOf(lxdLifecycleNames).items.toEqualTypeOf<LxdLifecycleEvent['metadata']['action']>()
  })
})

describe('Events Hub', () => {
  it('narrows on event_type and message together', () => {
    if (hub.event_type === 'pdfm' && hub.message === 'VM_ADDED') {
      expectTypeOf(hub).toEqualTypeOf<EventsHubPdfmVmAddedEvent>()
      expectTypeOf(hub.body.vm_id).toEqualTypeOf<string>()
    }
    // "error" exists on two channels: the channel decides which.
    if (hub.message === 'error') {
      expectTypeOf(hub).toEqualTypeOf<EventsHubGlobalErrorEvent | EventsHubSystemErrorEvent>()
      if (hub.event_type === 'system') expectTypeOf(hub).toEqualTypeOf<EventsHubSystemErrorEvent>()
    }
  })

  it('rejects the page-only new_vm shape', () => {
    if (hub.event_type === 'pdfm' && hub.message === 'VM_ADDED') {
      // @ts-expect-error new_vm has no os_type on the wire (the vendor page is wrong)
      void hub.body.new_vm.os_type
    }
    // @ts-expect-error "VM_EXPLODED" is not a pdfm message
    if (hub.event_type === 'pdfm' && hub.message === 'VM_EXPLODED') return
  })
})

describe('Batcher', () => {
  it('narrows on name', () => {
    if (batcher.name === 'batch') {
      expectTypeOf(batcher).toEqualTypeOf<BatcherBatchEvent>()
      expectTypeOf(batcher.val).toEqualTypeOf<number>()
    }
    if (batcher.name === 'target') expectTypeOf(batcher).toEqualTypeOf<BatcherTargetEvent>()
    // @ts-expect-error "verified_container" is the v1 README's spelling; the code sends "verified-container"
    if (batcher.name === 'verified_container') return
    expectTypeOf<BatcherEventMap['batch']>().toEqualTypeOf<BatcherBatchEvent>()
    expectTypeOf(batcherEventNames).items.toEqualTypeOf<BatcherEvent['name']>()
  })
})

describe('i3D', () => {
  it('narrows on code, and keeps 19-digit ids exact (never a plain number)', () => {
    if (i3d.code === 'AIMDestroy') {
      expectTypeOf(i3d).toEqualTypeOf<I3DAIMDestroyEvent>()
      // No source says which parameters an AIM event carries (fidelity O6), so each is optional.
      expectTypeOf(i3d.parameters.applicationInstanceId).toEqualTypeOf<bigint | number | undefined>()
      // @ts-expect-error an exact id may be a bigint, so number-only arithmetic does not type-check
      void (i3d.parameters.applicationInstanceId! * 2)
    }
    // @ts-expect-error "AIMExploded" is not an i3D event code
    if (i3d.code === 'AIMExploded') return
  })

  it("offers a page example's text as a hint, and accepts any other text (fidelity O1)", () => {
    if (i3d.code !== 'AIMDestroy') return
    expectTypeOf(i3d.message).toEqualTypeOf<
      'Application instance delete.' | 'Application instance delete' | (string & {})
    >()
    expectTypeOf<string>().toMatchTypeOf<typeof i3d.message>()
    // @ts-expect-error the text is still a string, not a number
    expectTypeOf<number>().toMatchTypeOf<typeof i3d.message>()
  })
})
