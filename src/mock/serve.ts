import { DEFAULT_API_PREFIX, HEARTBEAT } from '../transport/events-hub-protocol.js'
import type { FaultPlan } from './faults.js'
import type { HostPort } from './listen.js'
import { Manifest } from './manifest.js'
import type { FeedData, FeedOptions } from './types.js'
import type { MockServer } from './ws-serve.js'

/** Everything `evcat mock serve` was asked for, parsed. Family-only fields are undefined for the others. */
export interface MockServeOptions {
  readonly family: string
  readonly data: FeedData
  readonly feed: FeedOptions
  readonly rate: number | undefined
  readonly manifest: string | undefined
  readonly faults: FaultPlan | undefined
  readonly queueLimit: number | undefined
  readonly writeDeadlineMs: number | undefined
  readonly log: (line: string) => void
  // lxd
  readonly socket?: string
  readonly listen?: HostPort
  readonly tls?: boolean
  readonly certDir?: string
  // events-hub
  readonly server?: string
  readonly token?: string
  readonly apiKey?: string
  readonly apiPrefix?: string
  readonly pingIntervalMs?: number
  readonly pongWaitMs?: number
  readonly unavailable?: boolean
  // i3d
  readonly amqp?: string
  readonly exchange?: string
  readonly routingKey?: string
  readonly queue?: string
  // batcher
  readonly out?: string
}

/** A running mock: its banner, when its feed is done (publishers and writers end; servers never do), and close(). */
export interface MockRun extends MockServer {
  /** Resolves when the feed has been served in full (i3d, batcher); pending for servers, which serve until closed. */
  readonly done: Promise<void>
  /** What it served, for the closing line. */
  summary(): string
}

/** Starts the mock of one family. */
export async function startMock(o: MockServeOptions): Promise<MockRun> {
  const manifest = new Manifest(o.manifest)
  await manifest.ready()
  const common = {
    data: o.data,
    feed: o.feed,
    rate: o.rate,
    manifest,
    faults: o.faults,
    log: o.log,
    ...(o.queueLimit === undefined ? {} : { queueLimit: o.queueLimit }),
    ...(o.writeDeadlineMs === undefined ? {} : { writeDeadlineMs: o.writeDeadlineMs }),
  }
  const withManifest = (run: MockRun): MockRun => ({
    ...run,
    close: async () => {
      await run.close()
      await manifest.close()
    },
  })
  try {
    switch (o.family) {
      case 'lxd': {
        const { startLxdServer } = await import('./lxd-server.js')
        return withManifest(
          serverRun(await startLxdServer({ ...common, ...pick(o, ['socket', 'listen', 'tls', 'certDir']) })),
        )
      }
      case 'events-hub': {
        const { startEventsHubServer } = await import('./events-hub-server.js')
        const server = await startEventsHubServer({
          ...common,
          listen: o.listen ?? { host: '127.0.0.1', port: 0 },
          ...(o.server === undefined ? {} : { server: o.server }),
          token: o.token ?? 'evcat-mock-token',
          ...(o.apiKey === undefined ? {} : { apiKey: o.apiKey }),
          apiPrefix: o.apiPrefix ?? DEFAULT_API_PREFIX,
          pingIntervalMs: o.pingIntervalMs ?? HEARTBEAT.pingIntervalMs,
          pongWaitMs: o.pongWaitMs ?? HEARTBEAT.pongWaitMs,
          ...(o.unavailable === true ? { unavailable: true } : {}),
        })
        return withManifest(serverRun(server))
      }
      case 'i3d': {
        const { startAmqpPublisher } = await import('./amqp-publisher.js')
        const publisher = await startAmqpPublisher({
          data: o.data,
          feed: o.feed,
          rate: o.rate,
          manifest,
          url: o.amqp ?? 'amqp://guest:guest@127.0.0.1:5672',
          exchange: o.exchange ?? 'i3d.events',
          routingKey: o.routingKey ?? 'i3d.platform.events',
          ...(o.queue === undefined ? {} : { queue: o.queue }),
          log: o.log,
        })
        return withManifest({ ...publisher, summary: () => `published ${publisher.published()} messages` })
      }
      case 'batcher': {
        const { startBatcherWriter } = await import('./batcher-writer.js')
        const writer = startBatcherWriter({
          data: o.data,
          feed: o.feed,
          rate: o.rate,
          manifest,
          ...(o.out === undefined ? {} : { path: o.out }),
        })
        return withManifest({ ...writer, summary: () => `wrote ${writer.written()} events` })
      }
      default:
        throw new RangeError(`no mock for family "${o.family}"`)
    }
  } catch (error) {
    await manifest.close()
    throw error
  }
}

function serverRun(server: MockServer): MockRun {
  return { ...server, done: new Promise<void>(() => undefined), summary: () => '' }
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {}
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]
  return out
}
