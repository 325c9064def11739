import type { EventModel, FamilyModel, GroupModel } from '../../src/model/types.js'
import { pascalCase } from '../../src/model/names.js'
import { catalogSchemes } from './servers.js'

/** The `channels` and `operations` of one family's document. */
export interface ChannelsAndOperations {
  readonly channels: Record<string, unknown>
  readonly operations: Record<string, unknown>
}

/**
 * Channels and operations from the transport:
 * - websocket: one channel for the endpoint, holding every message of the socket, with the ws binding (GET, its
 *   query, its auth headers). With `groupChannels` (Events Hub `event_types`), each server group is also a
 *   channel on the same address, selected by that query parameter, with its own receive operation; otherwise one
 *   receive operation covers the endpoint. Client messages get a send operation each.
 * - rabbitmq: one channel for the queue (its name is a parameter: the vendor arranges it), amqp binding `is: queue`.
 * - in-process: one channel with a null address (AsyncAPI's "not known"): go-batcher calls listeners as functions;
 *   the messages are evcat's JSON form of the listener's arguments.
 */
export function channelsAndOperations(family: FamilyModel): ChannelsAndOperations {
  const kind = family.transport['kind']
  const server = family.events.filter((e) => e.direction === 'server')
  const client = family.events.filter((e) => e.direction === 'client')
  const channels: Record<string, unknown> = {}
  const operations: Record<string, unknown> = {}
  const main = mainChannelId(family)
  channels[main] = { ...mainChannel(family, kind), messages: messageRefs(family.events) }
  const groupQuery = family.transport['groupChannels']
  if (kind === 'websocket' && typeof groupQuery === 'string') {
    for (const g of family.groups.filter((x) => x.direction === 'server')) {
      const events = server.filter((e) => e.group === g.id)
      channels[g.id] = groupChannel(family, g, events, groupQuery)
      operations[`receive${pascalCase(g.id)}`] = receive(g.id, events, g.summary ?? `Receive the ${g.title} events.`)
    }
  } else {
    operations[`receive${pascalCase(main)}`] = receive(main, server, `Receive ${family.title} events.`)
  }
  for (const e of client)
    operations[`send${e.typeName}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${main}` },
      summary: e.summary,
      messages: [{ $ref: `#/channels/${main}/messages/${e.typeName}` }],
    }
  return { channels, operations }
}

/** The id of the family's main channel: the endpoint's last segment, else `queue` or `listener`. */
export function mainChannelId(family: FamilyModel): string {
  const endpoint = family.transport['endpoint']
  const last =
    typeof endpoint === 'string'
      ? endpoint
          .split('/')
          .filter((s) => s !== '')
          .pop()
      : undefined
  if (last !== undefined && /^[A-Za-z0-9_-]+$/.test(last)) return last
  return family.transport['kind'] === 'rabbitmq'
    ? 'queue'
    : family.transport['kind'] === 'in-process'
      ? 'listener'
      : 'events'
}

function mainChannel(family: FamilyModel, kind: unknown): Record<string, unknown> {
  const t = family.transport
  const framing = typeof t['framing'] === 'string' ? t['framing'] : ''
  const notes = Array.isArray(t['notes']) ? t['notes'].map(String) : []
  const description = [framing, ...notes.map((n) => `- ${n}`)].filter((s) => s !== '').join('\n\n')
  if (kind === 'websocket')
    return {
      address: t['endpoint'] ?? '/',
      title: `${family.title}: the WebSocket endpoint`,
      description,
      bindings: { ws: wsBinding(family, undefined) },
    }
  if (kind === 'rabbitmq')
    return {
      address: '{queue}',
      title: `${family.title}: the queue`,
      description,
      parameters: { queue: { description: 'The queue the vendor arranges for your account.' } },
      bindings: { amqp: { is: 'queue', queue: { name: '{queue}' }, bindingVersion: '0.3.0' } },
    }
  return {
    address: null,
    title: `${family.title}: the in-process listener`,
    description: `In-process: there is no network address (address null). ${description}`,
    'x-evcat-transport': 'in-process',
  }
}

function groupChannel(family: FamilyModel, g: GroupModel, events: readonly EventModel[], query: string): object {
  const value = events[0]?.match[family.discriminator[0] ?? '']
  return {
    address: family.transport['endpoint'] ?? '/',
    title: `${family.title}: ${g.title}`,
    description: `${g.summary ?? g.title}\n\nSubscribe with ${query}=${value ?? g.title} (the ${g.title} events of the endpoint).`,
    messages: messageRefs(events),
    bindings: { ws: wsBinding(family, value === undefined ? undefined : { name: query, value }) },
    ...(value === undefined ? {} : { 'x-evcat-subscribe': { [query]: value } }),
  }
}

/** The ws channel binding: GET, the query parameters (with the group's subscription), the auth headers. */
function wsBinding(family: FamilyModel, subscribe: { name: string; value: string } | undefined): object {
  const q = family.transport['query']
  const properties: Record<string, unknown> = {}
  if (q !== null && typeof q === 'object')
    for (const [name, meaning] of Object.entries(q))
      properties[name] = {
        type: 'string',
        description:
          subscribe?.name === name ? `${String(meaning)} This channel: include ${subscribe.value}.` : String(meaning),
      }
  const headers: Record<string, unknown> = {}
  for (const [, s] of catalogSchemes(family)) {
    if (s.kind === 'http-bearer') headers['Authorization'] = { type: 'string', description: s.description }
    if (s.kind === 'api-key-header' && s.name !== undefined)
      headers[s.name] = { type: 'string', description: s.description }
  }
  return {
    method: 'GET',
    ...(Object.keys(properties).length > 0 ? { query: { type: 'object', properties } } : {}),
    ...(Object.keys(headers).length > 0 ? { headers: { type: 'object', properties: headers } } : {}),
    bindingVersion: '0.1.0',
  }
}

function receive(channel: string, events: readonly EventModel[], summary: string): object {
  return {
    action: 'receive',
    channel: { $ref: `#/channels/${channel}` },
    summary,
    messages: events.map((e) => ({ $ref: `#/channels/${channel}/messages/${e.typeName}` })),
  }
}

function messageRefs(events: readonly EventModel[]): Record<string, unknown> {
  return Object.fromEntries(events.map((e) => [e.typeName, { $ref: `#/components/messages/${e.typeName}` }]))
}
