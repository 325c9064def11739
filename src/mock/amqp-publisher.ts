import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib'
import { feedFrames } from './feed.js'
import { ListenError } from './listen.js'
import type { Manifest } from './manifest.js'
import { paced } from './pace.js'
import type { FeedData, FeedOptions } from './types.js'

// The i3D side of `evcat mock serve i3d`: i3D's platform events arrive over RabbitMQ, one JSON object per message
// body, with a time-to-live of 2 hours (../shared/reference/batcher-i3d.md §B). Publishing uses amqplib's confirm
// channel, so a message counts as published only once the broker has taken it.

/** i3D's documented message TTL: 2 hours, in ms. */
export const I3D_TTL_MS = 2 * 60 * 60 * 1000

/** Where and what the i3D mock publishes. */
export interface AmqpPublisherOptions {
  readonly data: FeedData
  readonly feed: FeedOptions
  readonly rate: number | undefined
  readonly manifest: Manifest
  /** `amqp://user:pass@host:port[/vhost]`. */
  readonly url: string
  /** A topic exchange, declared durable; `''` publishes through the default exchange (to the queue by name). */
  readonly exchange: string
  readonly routingKey: string
  /** A queue to declare (durable, `x-message-ttl` 2 h) and bind, so messages are kept before a consumer comes. */
  readonly queue?: string
  readonly log: (line: string) => void
}

/** A running publisher. */
export interface Publisher {
  /** What it declared and where it publishes. */
  readonly banner: readonly string[]
  /** Resolves when the feed is published and confirmed (never, for an unbounded feed). */
  readonly done: Promise<void>
  published(): number
  close(): Promise<void>
}

/** Connects, declares the exchange (and queue), and publishes the feed, one message per frame. */
export async function startAmqpPublisher(o: AmqpPublisherOptions): Promise<Publisher> {
  let model: ChannelModel
  try {
    model = await connect(o.url)
  } catch (error) {
    throw new ListenError(`cannot connect to ${redact(o.url)}: ${(error as Error).message}`)
  }
  const channel = await model.createConfirmChannel()
  const banner = await declare(channel, o)
  const stop = new AbortController()
  let count = 0
  const done = (async () => {
    for await (const frame of paced(
      feedFrames(o.data, { ...o.feed, start: o.feed.start ?? Date.now() }),
      o.rate,
      stop.signal,
    )) {
      o.manifest.frame(frame)
      const ok = channel.publish(o.exchange, o.routingKey || o.queue || '', Buffer.from(frame.text), {
        contentType: 'application/json',
        expiration: String(I3D_TTL_MS),
        persistent: true,
      })
      count++
      // The broker pushes back (a full socket, or flow control): wait rather than buffer without bound.
      if (!ok) await new Promise<void>((resolve) => channel.once('drain', resolve))
    }
    await channel.waitForConfirms()
  })()
  return {
    banner,
    done,
    published: () => count,
    close: async () => {
      stop.abort()
      await done.catch(() => undefined)
      await model.close().catch(() => undefined)
    },
  }
}

async function declare(channel: ConfirmChannel, o: AmqpPublisherOptions): Promise<string[]> {
  const lines = [`publishing to ${redact(o.url)}`]
  if (o.exchange !== '') {
    await channel.assertExchange(o.exchange, 'topic', { durable: true })
    lines.push(`  declared exchange ${o.exchange} (topic, durable)`)
  }
  if (o.queue !== undefined) {
    await channel.assertQueue(o.queue, { durable: true, arguments: { 'x-message-ttl': I3D_TTL_MS } })
    lines.push(`  declared queue ${o.queue} (durable, x-message-ttl ${I3D_TTL_MS} ms: i3D's 2 hours)`)
    if (o.exchange !== '') {
      await channel.bindQueue(o.queue, o.exchange, o.routingKey)
      lines.push(`  bound ${o.queue} to ${o.exchange} with routing key ${o.routingKey}`)
    }
  }
  const target =
    o.exchange === ''
      ? `the default exchange, routing key ${o.routingKey || o.queue}`
      : `exchange ${o.exchange}, routing key ${o.routingKey}`
  lines.push(`  each message: one JSON body, content-type application/json, expiration ${I3D_TTL_MS} ms, to ${target}`)
  lines.push(
    `  connect: amqp-consume --url ${redact(o.url)} ${o.queue === undefined ? `-e ${o.exchange} -r ${o.routingKey}` : `-q ${o.queue}`} cat`,
  )
  return lines
}

/** The URL without its password, for the banner. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}
