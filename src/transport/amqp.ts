import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib'
import {
  AmqpConnectError,
  connectAmqp,
  describeAmqpFailure,
  describeMissing,
  isTransientAmqp,
  type AmqpAddress,
} from './amqp-connect.js'
import { SourceError, type Frame, type Transport, type TransportContext, type TransportItem } from './frame.js'
import { ItemQueue } from './queue.js'
import { waitToReconnect, type ReconnectPolicy } from './reconnect.js'

/** Where the tap consumes from: a queue that exists, or a server-named queue bound to an exchange. */
export interface AmqpConsumeOptions {
  /** An existing queue, checked passively (never declared). */
  readonly queue?: string
  /** An existing exchange to bind a fresh exclusive queue to. */
  readonly exchange?: string
  /** Binding keys for the exchange. @default ['#'] */
  readonly bindings?: readonly string[]
  /** Unacknowledged messages the broker may send ahead: the lever of throughput. @default 500 */
  readonly prefetch: number
  readonly reconnect: ReconnectPolicy
}

/** The delivery handle carried by each frame: the message and the channel it must be acknowledged on. */
interface Delivery {
  readonly channel: Channel
  readonly message: ConsumeMessage
  readonly queue: string
}

/**
 * A transport that consumes one queue with manual acknowledgements. Frames are acknowledged by `acknowledge`,
 * after the tap wrote them; until then they stay the broker's, which delivers them again (marked redelivered)
 * if this consumer dies.
 */
export function amqpTransport(address: AmqpAddress, options: AmqpConsumeOptions): Transport {
  if ((options.queue === undefined) === (options.exchange === undefined))
    throw new SourceError('an AMQP source needs --queue Q, or --exchange X with --binding KEY')
  const what = options.queue !== undefined ? `queue ${options.queue}` : `exchange ${options.exchange}`
  const name = `${address.name} ${what}`
  // Acknowledgements not yet confirmed: the connection is closed only after them (see consume).
  const outstanding = new Set<Promise<void>>()
  return {
    name,
    items: (context) => consume(address, options, name, context, outstanding),
    acknowledge: (frames) => {
      const confirmed = acknowledge(frames)
      outstanding.add(confirmed)
      const forget = (): void => void outstanding.delete(confirmed)
      confirmed.then(forget, forget)
      return confirmed
    },
  }
}

/** The connection being consumed on, and its consumer channel. */
interface Connected {
  readonly model: ChannelModel
  readonly channel: Channel
}

async function* consume(
  address: AmqpAddress,
  options: AmqpConsumeOptions,
  name: string,
  context: TransportContext,
  outstanding: Set<Promise<void>>,
): AsyncGenerator<TransportItem[]> {
  const queue = new ItemQueue(Number.MAX_SAFE_INTEGER)
  // Stops the connect loop when the tap stops, and also when the tap gives up early (a write failed).
  const local = new AbortController()
  const onAbort = (): void => local.abort()
  context.signal.addEventListener('abort', onAbort, { once: true })
  const state: { current?: Connected } = {}
  const loop = connectLoop(address, options, name, { ...context, signal: local.signal }, queue, state).then(
    () => queue.end(),
    (error: unknown) => queue.end(error),
  )
  try {
    for (let batch = await queue.take(); batch !== undefined; batch = await queue.take()) yield batch
  } finally {
    context.signal.removeEventListener('abort', onAbort)
    local.abort()
    await loop
    // amqplib writes each channel's frames through its own buffer, so a connection.close could overtake acks
    // still queued on the channel: wait for their confirmations, then close the channel before the connection.
    // Whatever was not acknowledged goes back to the queue.
    await Promise.allSettled([...outstanding])
    await state.current?.channel.close().catch(() => undefined)
    await state.current?.model.close().catch(() => undefined)
  }
}

/** Connects and consumes, reconnecting after a drop, until the signal aborts. */
async function connectLoop(
  address: AmqpAddress,
  options: AmqpConsumeOptions,
  name: string,
  context: TransportContext,
  queue: ItemQueue,
  state: { current?: Connected },
): Promise<void> {
  let attempt = 0
  let connectedOnce = false
  while (!context.signal.aborted) {
    let ended: Promise<string>
    let model: ChannelModel | undefined
    try {
      model = await connectAmqp(address, 'consumer')
      const started = await startConsumer(model, address, options, queue, context.signal)
      ended = started.ended
      state.current = { model, channel: started.channel }
    } catch (error) {
      await model?.close().catch(() => undefined)
      if (context.signal.aborted) break
      if (error instanceof SourceError) throw error
      const failure = error instanceof AmqpConnectError ? error.failure : { message: String(error) }
      if (!connectedOnce || !isTransientAmqp(failure))
        throw new SourceError(`${name}: ${describeAmqpFailure(failure, address)}`)
      if (!(await waitToReconnect(name, failure.message, ++attempt, options.reconnect, context))) break
      continue
    }
    if (connectedOnce) {
      context.log(`${name}: reconnected`)
      context.reconnected?.()
    } else context.log(`${name}: connected`)
    connectedOnce = true
    attempt = 0
    const reason = await ended
    if (context.signal.aborted) break
    state.current = undefined
    if (!(await waitToReconnect(name, reason, ++attempt, options.reconnect, context))) break
  }
}

/**
 * Opens a channel, checks the queue (or binds a server-named one) and starts consuming. Resolves with a promise of
 * why the connection ended; on abort the consumer is cancelled so nothing new arrives, and the queue is ended.
 */
async function startConsumer(
  model: ChannelModel,
  address: AmqpAddress,
  options: AmqpConsumeOptions,
  queue: ItemQueue,
  signal: AbortSignal,
): Promise<{ ended: Promise<string>; channel: Channel }> {
  const channel = await model.createChannel()
  channel.on('error', () => undefined)
  await channel.prefetch(options.prefetch)
  const queueName = await consumedQueue(model, channel, address, options)
  let reason: ((why: string) => void) | undefined
  const ended = new Promise<string>((resolve) => (reason = resolve))
  model.on('error', (error: Error) => reason?.(error.message))
  model.on('close', (error?: Error) => reason?.(error?.message ?? 'connection closed'))
  const { consumerTag } = await channel.consume(
    queueName,
    (message) => {
      if (message === null) return reason?.('the broker cancelled the consumer (queue deleted?)')
      const delivery: Delivery = { channel, message, queue: queueName }
      const frame: Frame = {
        kind: 'frame',
        data: message.content,
        at: Date.now(),
        ...(message.fields.redelivered ? { redelivered: true } : {}),
        ...(typeof message.properties.messageId === 'string' ? { messageId: message.properties.messageId } : {}),
        delivery,
      }
      queue.push(frame)
    },
    { noAck: false },
  )
  const onAbort = (): void => {
    void channel.cancel(consumerTag).catch(() => undefined)
    reason?.('stopped')
  }
  if (signal.aborted) onAbort()
  else signal.addEventListener('abort', onAbort, { once: true })
  return { ended, channel }
}

/** The queue to consume: the named one (passively checked), or a fresh exclusive one bound to the exchange. */
async function consumedQueue(
  model: ChannelModel,
  channel: Channel,
  address: AmqpAddress,
  options: AmqpConsumeOptions,
): Promise<string> {
  // A failed passive check closes its channel, so it runs on a channel of its own.
  const probe = await model.createChannel()
  probe.on('error', () => undefined)
  const what = options.queue !== undefined ? `queue "${options.queue}"` : `exchange "${options.exchange}"`
  try {
    if (options.queue !== undefined) await probe.checkQueue(options.queue)
    else await probe.checkExchange(options.exchange!)
  } catch (error) {
    throw new SourceError(describeMissing(error, what, address))
  }
  await probe.close().catch(() => undefined)
  if (options.queue !== undefined) return options.queue
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true })
  for (const key of options.bindings ?? ['#']) await channel.bindQueue(queue, options.exchange!, key)
  return queue
}

/**
 * Acknowledges written frames: one `multiple` ack per channel up to its last frame, then a round trip on that
 * channel, whose answer proves the broker has processed the acks (a channel handles methods in order).
 */
async function acknowledge(frames: readonly Frame[]): Promise<void> {
  const last = new Map<Channel, Delivery>()
  for (const f of frames) {
    const d = f.delivery as Delivery | undefined
    if (d !== undefined) last.set(d.channel, d)
  }
  const confirmations: Promise<unknown>[] = []
  for (const [channel, d] of last) {
    // A closed channel throws: its frames go back to the queue and come again, marked redelivered.
    channel.ack(d.message, true)
    confirmations.push(channel.checkQueue(d.queue))
  }
  await Promise.all(confirmations)
}
