import type { SequenceContext, SequenceKind, SequenceStep } from './types.js'

// One VM's life on a Parallels Desktop host, as prl-devops-service reports it: VM_ADDED, state changes (each
// previous_state is the cached state, so the chain is consistent), an uptime tick while running, VM_REMOVED. The
// orchestrator relays each pdfm frame it receives from the host as HOST_VM_* with {host_id, event: <the pdfm
// body>} (orchestrator/handlers/pdfm_event_handler.go), so every pdfm frame here is followed by its mirror.

const NAMES = ['Ubuntu 24.04', 'macOS 15', 'Windows 11', 'Debian 12', 'Fedora 41']
/** State walks, from the states prl-devops-service tests for and PD's monitor-events names. */
const WALKS: readonly (readonly string[])[] = [
  ['stopped', 'starting', 'running', 'stopping', 'stopped'],
  ['stopped', 'running', 'paused', 'running', 'stopped'],
  ['stopped', 'starting', 'running', 'suspending', 'suspended', 'resuming', 'running', 'stopping', 'stopped'],
]

/** Events Hub VM lives: added → state changes → removed, each pdfm frame mirrored by the orchestrator's HOST_VM_*. */
export const eventsHubVmLives: SequenceKind = {
  family: 'events-hub',
  needs: [
    'pdfm/VM_ADDED',
    'pdfm/VM_STATE_CHANGED',
    'pdfm/VM_UPTIME_CHANGED',
    'pdfm/VM_REMOVED',
    'orchestrator/HOST_VM_ADDED',
    'orchestrator/HOST_VM_STATE_CHANGED',
    'orchestrator/HOST_VM_UPTIME_CHANGED',
    'orchestrator/HOST_VM_REMOVED',
  ],
  share: 0.25,
  start(ctx) {
    const vmId = ctx.rng.uuid()
    return { label: `vm ${vmId}`, steps: vmSteps(ctx, vmId, ctx.rng.hex(64)) }
  },
}

function* vmSteps(ctx: SequenceContext, vmId: string, hostId: string): Generator<SequenceStep> {
  const walk = ctx.rng.pick(WALKS)
  const added = ctx.template('pdfm/VM_ADDED')
  const newVm = (added['body'] as { new_vm: Record<string, unknown> }).new_vm
  Object.assign(newVm, { ID: vmId, Name: `${ctx.rng.pick(NAMES)} #${ctx.rng.int(1, 99)}`, State: walk[0] })
  yield* mirrored(ctx, 'VM_ADDED', hostId, { vm_id: vmId, new_vm: newVm })
  let uptime = 0
  for (let i = 1; i < walk.length; i++) {
    yield* mirrored(ctx, 'VM_STATE_CHANGED', hostId, {
      previous_state: walk[i - 1],
      current_state: walk[i],
      vm_id: vmId,
    })
    if (walk[i] === 'running' && ctx.sends('pdfm/VM_UPTIME_CHANGED')) {
      uptime += ctx.rng.int(30, 3600)
      yield* mirrored(ctx, 'VM_UPTIME_CHANGED', hostId, { vm_id: vmId, uptime: String(uptime) })
    }
  }
  yield* mirrored(ctx, 'VM_REMOVED', hostId, { vm_id: vmId })
}

/** The pdfm frame, then the orchestrator's HOST_VM_* frame carrying the same body (each if the version sends it). */
function* mirrored(ctx: SequenceContext, message: string, hostId: string, body: object): Generator<SequenceStep> {
  if (ctx.sends(`pdfm/${message}`)) yield frame(ctx, `pdfm/${message}`, body)
  const host = `orchestrator/HOST_${message}`
  if (ctx.sends(host)) yield frame(ctx, host, { host_id: hostId, event: structuredCloneJson(body) })
}

function frame(ctx: SequenceContext, event: string, body: object): SequenceStep {
  const value = ctx.template(event)
  value['id'] = ctx.rng.hex(64)
  value['timestamp'] = ctx.clock.stamp
  value['body'] = body
  return { event, value }
}

// The body is plain JSON (strings, numbers, objects); a JSON round trip copies it without needing structuredClone,
// which the package's ES2022 target does not declare.
function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
