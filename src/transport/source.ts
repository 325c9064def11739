import { parseAmqpUrl } from './amqp-connect.js'
import { amqpTransport, type AmqpConsumeOptions } from './amqp.js'
import { eventsHubTransport, parseEventsHubSource, type EventsHubOptions } from './events-hub.js'
import { SourceError, type Transport } from './frame.js'
import { lxdTransport, parseLxdSource, type LxdOptions } from './lxd.js'
import type { ReconnectPolicy } from './reconnect.js'

/** Every transport's options; each transport reads its own. */
export interface SourceOptions {
  readonly reconnect: ReconnectPolicy
  readonly lxd?: Omit<LxdOptions, 'reconnect'>
  readonly eventsHub?: Omit<EventsHubOptions, 'reconnect'>
  readonly amqp?: Omit<AmqpConsumeOptions, 'reconnect'>
}

/** The kinds of source `evcat tap` reads, by the prefix of SOURCE. */
export type SourceKind = 'lxd' | 'events-hub' | 'amqp'

/** Which transport a SOURCE names. */
export function sourceKind(spec: string): SourceKind {
  if (spec === 'lxd' || spec.startsWith('lxd:')) return 'lxd'
  if (spec.startsWith('events-hub:')) return 'events-hub'
  if (spec.startsWith('amqp://') || spec.startsWith('amqps://')) return 'amqp'
  throw new SourceError(
    `unknown source "${spec}": use lxd:unix[:PATH], lxd:https://HOST:8443, events-hub:wss://HOST/api/v1/ws/subscribe or amqp://HOST/VHOST`,
  )
}

/** The transport for a SOURCE, from its prefix. */
export function openSource(spec: string, options: SourceOptions): Transport {
  const reconnect = options.reconnect
  switch (sourceKind(spec)) {
    case 'lxd':
      return lxdTransport(parseLxdSource(spec), { ...options.lxd, reconnect })
    case 'events-hub':
      return eventsHubTransport(parseEventsHubSource(spec), { ...options.eventsHub, reconnect })
    case 'amqp':
      return amqpTransport(parseAmqpUrl(spec), { prefetch: 500, ...options.amqp, reconnect })
  }
}
