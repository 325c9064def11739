import { buildFixtures } from '../../generators/fixtures/build.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'
import { parseTemplate, templatePattern } from '../../src/schema/template.js'

/** A message to check, and its fixture id when it is a fixture (`example-N` ones are the catalog's own). */
export interface Message {
  readonly value: unknown
  readonly id?: string
}

/**
 * Where messages break a consistency rule the platform keeps (issue 13): inside a message (an instance's name
 * and project in its source, name and project fields; a rename's old name; an operation's status for its code
 * and resources for its description; a requestor's username for its protocol; a batch's val; a VM's id twice; ref_id
 * and client_id only on targeted replies)
 * and across fixtures (the orchestrator's HOST_VM_* wrap the VM body of the host's pdfm event).
 */
export function consistencyProblems(family: FamilyModel, messages: readonly Message[], model: CatalogModel): string[] {
  const check = RULES[family.id]
  if (check === undefined) return []
  const out: string[] = []
  for (const m of messages)
    for (const p of check(m, family, model)) out.push(`${family.id}: ${p} in ${JSON.stringify(m.value)}`)
  return out
}

type Rule = (m: Message, family: FamilyModel, model: CatalogModel) => string[]

const STATUS: Readonly<Record<number, string>> = {
  100: 'Operation created',
  101: 'Started',
  102: 'Stopped',
  103: 'Running',
  104: 'Cancelling',
  105: 'Pending',
  106: 'Starting',
  107: 'Stopping',
  108: 'Aborting',
  109: 'Freezing',
  110: 'Frozen',
  111: 'Thawed',
  112: 'Error',
  113: 'Ready',
  200: 'Success',
  400: 'Failure',
  401: 'Cancelled',
}

const RULES: Readonly<Record<string, Rule>> = {
  lxd: (m, family) => {
    const v = m.value as { type?: string; metadata?: Record<string, unknown>; project?: string }
    if (v.type === 'operation') return operation(v.metadata ?? {}, family)
    if (v.type !== 'lifecycle') return []
    return lifecycle(v.metadata ?? {}, v.project)
  },
  batcher: (m) => {
    const v = m.value as { name?: string; val?: unknown; metadata?: unknown }
    if (v.name !== 'batch' || !Array.isArray(v.metadata)) return []
    return v.val === v.metadata.length ? [] : [`batch val ${String(v.val)} is not the ${v.metadata.length} operations`]
  },
  'events-hub': (m, _family, model) => {
    const v = m.value as { event_type?: string; message?: string; body?: Record<string, unknown> }
    const out: string[] = []
    // Only a targeted reply has ref_id and client_id (event_message.go: omitempty, set by the reply paths).
    const reply = ['error', 'pong', 'client-id'].includes(v.message ?? '')
    if (!reply && 'timestamp' in (v as object) && ('ref_id' in (v as object) || 'client_id' in (v as object)))
      out.push(`${String(v.message)} is not a reply, yet has ref_id or client_id`)
    const vm = v.event_type === 'orchestrator' ? (v.body?.['event'] as Record<string, unknown> | undefined) : v.body
    const newVm = vm?.['new_vm'] as { ID?: unknown } | undefined
    if (newVm !== undefined && vm?.['vm_id'] !== newVm.ID) out.push(`vm_id ${String(vm?.['vm_id'])} is not new_vm.ID`)
    if (
      v.event_type === 'orchestrator' &&
      /^HOST_(VM|MAC)_/.test(v.message ?? '') &&
      m.id !== undefined &&
      !m.id.startsWith('example-')
    ) {
      const pdfm = `pdfm/${v.message!.slice('HOST_'.length)}`
      const bodies = buildFixtures(model)
        .find((e) => e.family === 'events-hub' && e.event === pdfm)!
        .valid.map((f) => JSON.stringify((f.value as { body: unknown }).body))
      if (!bodies.includes(JSON.stringify(vm))) out.push(`the ${v.message} event is not the body of a ${pdfm} fixture`)
    }
    return out
  },
}

function lifecycle(meta: Record<string, unknown>, envelopeProject: string | undefined): string[] {
  const out: string[] = []
  const source = String(meta['source'])
  const project = /[?&]project=([^&#]+)/.exec(source)?.[1] ?? 'default'
  const action = String(meta['action'])
  const context = (meta['context'] ?? {}) as Record<string, unknown>
  if (action.startsWith('instance-')) {
    const instance = /^\/1\.0\/instances\/([^/?#]+)/.exec(source)?.[1]
    if (meta['name'] !== undefined && meta['name'] !== instance)
      out.push(`name ${String(meta['name'])} is not ${instance}`)
    if (meta['project'] !== undefined && meta['project'] !== project)
      out.push(`project ${String(meta['project'])} is not the source's ${project}`)
    if (envelopeProject !== undefined && envelopeProject !== project)
      out.push(`envelope project ${envelopeProject} is not the source's ${project}`)
    if (action === 'instance-renamed' && context['old_name'] === instance) out.push('old_name is the new name')
    if (/^instance-(snapshot|backup)-renamed$/.test(action) && !String(context['old_name']).startsWith(`${instance}/`))
      out.push(`old_name ${String(context['old_name'])} is not of ${instance}`)
  }
  out.push(...requestor(meta['requestor']))
  return out
}

function requestor(r: unknown): string[] {
  if (r === undefined) return []
  const { username, protocol, address } = r as Record<string, string>
  const ok: Readonly<Record<string, () => boolean>> = {
    // address arrived in 4.17 (event_lifecycle_requestor_address).
    unix: () => username === 'root' && (address === undefined || address === '@'),
    tls: () => /^[0-9a-f]{64}$/.test(username ?? '') && /:\d+$/.test(address ?? ''),
    oidc: () => /^[^@\s]+@[^@\s]+$/.test(username ?? ''),
    bearer: () => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(username ?? ''),
    '': () => username === '' && address === '',
  }
  const rule = ok[protocol ?? '']
  return rule === undefined || rule() ? [] : [`requestor ${JSON.stringify(r)} does not fit its protocol`]
}

function operation(op: Record<string, unknown>, family: FamilyModel): string[] {
  const out: string[] = []
  if (STATUS[op['status_code'] as number] !== op['status'])
    out.push(`status ${String(op['status'])} is not the name of status_code ${String(op['status_code'])}`)
  const entry = operationPool(family).get(String(op['description']))
  if (entry !== undefined && !resourcesFit(entry, op['resources']))
    out.push(`resources ${JSON.stringify(op['resources'])} do not go with "${String(op['description'])}"`)
  return out
}

// Operation description → the resources its pool entry makes ({key: [url templates]} or null), from the catalog.
function operationPool(family: FamilyModel): Map<string, Record<string, string[] | null> | null> {
  const pool = family.definitions['Operation']!['x-pool'] as {
    template: { description: string; resources: Record<string, string[] | null> | null }
  }[]
  return new Map(pool.map((e) => [e.template.description, e.template.resources]))
}

function resourcesFit(want: Record<string, string[] | null> | null, got: unknown): boolean {
  if (want === null) return got === null
  if (got === null || typeof got !== 'object') return false
  const g = got as Record<string, unknown>
  if (Object.keys(g).sort().join() !== Object.keys(want).sort().join()) return false
  for (const [key, templates] of Object.entries(want)) {
    const urls = g[key]
    if (templates === null) {
      if (urls !== null) return false
      continue
    }
    if (!Array.isArray(urls) || urls.length !== templates.length) return false
    for (let i = 0; i < urls.length; i++) {
      const parsed = parseTemplate(templates[i]!)
      if (!parsed.ok || !new RegExp(templatePattern([parsed.tokens]), 'u').test(String(urls[i]))) return false
    }
  }
  // The instance of an operation is one: its containers and instances URLs name the same one.
  const names = ['containers', 'instances'].flatMap((k) =>
    Array.isArray(g[k]) ? (g[k] as string[]).map((u) => u.split('/')[3]) : [],
  )
  return new Set(names).size <= 1 || names.length > 2
}
