import { randomBytes } from 'node:crypto'
import type { ChannelModel, ConfirmChannel } from 'amqplib'
import {
  AmqpConnectError,
  connectAmqp,
  describeAmqpFailure,
  describeMissing,
  isTransientAmqp,
  type AmqpAddress,
} from './amqp-connect.js'
import { SourceError } from './frame.js'
import { waitToReconnect, type ReconnectPolicy } from './reconnect.js'

/** Where the tap publishes what it receives. */
export interface AmqpPublishOptions {
  /** An existing exchange (checked passively, never declared). */
  readonly exchange: string
  /** Routing key of every message. @default '' */
  readonly routingKey?: string
  readonly reconnect: ReconnectPolicy
}

/**
 * Publishes lines to an exchange on a confirm channel: `publish` resolves once the broker has confirmed every
 * message of the batch, so a line counts as written only when RabbitMQ holds it. Each message gets a
 * persistent delivery mode and a message id (`<run>-<n>`), so consumers can tell a republished message from
 * a new one after a reconnect.
 */
export class AmqpPublisher {
  private model: ChannelModel | undefined
  private channel: ConfirmChannel | undefined
  private sequence = 0
  private readonly run = randomBytes(6).toString('hex')

  private constructor(
    private readonly address: AmqpAddress,
    private readonly options: AmqpPublishOptions,
    private readonly context: { readonly signal: AbortSignal; readonly log: (line: string) => void },
  ) {}

  /** Connects and checks the exchange; a SourceError says what to fix. */
  static async open(
    address: AmqpAddress,
    options: AmqpPublishOptions,
    context: { readonly signal: AbortSignal; readonly log: (line: string) => void },
  ): Promise<AmqpPublisher> {
    const publisher = new AmqpPublisher(address, options, context)
    await publisher.connect(true)
    return publisher
  }

  /** A short name for logs. */
  get name(): string {
    return `${this.address.name} exchange ${this.options.exchange}`
  }

  private async connect(first: boolean): Promise<void> {
    let model: ChannelModel
    try {
      model = await connectAmqp(this.address, 'publisher')
    } catch (error) {
      const failure = error instanceof AmqpConnectError ? error.failure : { message: String(error) }
      if (first || !isTransientAmqp(failure))
        throw new SourceError(`${this.name}: ${describeAmqpFailure(failure, this.address)}`)
      throw error
    }
    model.on('error', () => undefined)
    const probe = await model.createChannel()
    probe.on('error', () => undefined)
    try {
      await probe.checkExchange(this.options.exchange)
    } catch (error) {
      await model.close().catch(() => undefined)
      throw new SourceError(describeMissing(error, `exchange "${this.options.exchange}"`, this.address))
    }
    await probe.close().catch(() => undefined)
    this.channel = await model.createConfirmChannel()
    this.channel.on('error', () => undefined)
    this.model = model
  }

  /** Publishes each body and waits for the broker's confirms; reconnects and publishes the batch again on a drop. */
  async publish(bodies: readonly Buffer[]): Promise<void> {
    const first = this.sequence
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.channel === undefined) await this.connect(false)
        const channel = this.channel!
        this.sequence = first
        for (const body of bodies) {
          channel.publish(this.options.exchange, this.options.routingKey ?? '', body, {
            persistent: true,
            contentType: 'application/json',
            messageId: `${this.run}-${++this.sequence}`,
          })
        }
        await channel.waitForConfirms()
        return
      } catch (error) {
        if (error instanceof SourceError) throw error
        this.channel = undefined
        await this.model?.close().catch(() => undefined)
        this.model = undefined
        const why = error instanceof Error ? error.message : String(error)
        if (!(await waitToReconnect(this.name, why, attempt, this.options.reconnect, this.context)))
          throw new SourceError(`${this.name}: stopped before the broker confirmed ${bodies.length} message(s)`)
      }
    }
  }

  /** Closes the connection (after the last confirms). */
  async close(): Promise<void> {
    await this.model?.close().catch(() => undefined)
    this.model = undefined
    this.channel = undefined
  }
}
