import type { Command } from 'commander'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FeedData } from '../../mock/types.js'
import { checkFreshness } from '../freshness.js'
import { UsageError } from '../../errors.js'
import { parseCount, parseDuration } from '../option-values.js'
import { createStopper } from '../stopper.js'
import { requireModel } from '../load.js'
import type { CommandContext } from '../main.js'
import type { MockServeOptions } from '../../mock/serve.js'

const FAMILY_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  lxd: ['socket', 'listen', 'tls', 'certDir'],
  'events-hub': ['listen', 'server', 'token', 'apiKey', 'apiPrefix', 'pingInterval', 'pongWait', 'unavailable'],
  i3d: ['amqp', 'exchange', 'routingKey', 'queue'],
  batcher: ['output'],
}

interface Raw {
  catalog: string
  rate: string
  count?: string
  seed: string
  duration?: string
  start: string
  invalid: string
  drift: string
  sequences: boolean
  manifest?: string
  faults?: string | true
  faultEvery: string
  hold: string
  queueLimit?: string
  writeDeadline?: string
  socket?: string
  listen?: string
  tls: boolean
  certDir?: string
  server?: string
  token?: string
  apiKey?: string
  apiPrefix?: string
  pingInterval?: string
  pongWait?: string
  unavailable?: boolean
  amqp?: string
  exchange?: string
  routingKey?: string
  queue?: string
  out: string
  output?: string
}

/** `evcat mock serve FAMILY`: serves a realistic feed over the platform's own protocol until stopped. */
export function registerMock(program: Command, context: CommandContext): void {
  const mock = program.command('mock').description('serve realistic event streams over each platform’s real protocol')
  mock
    .command('serve')
    .exitOverride()
    .configureOutput({ writeOut: context.io.out, writeErr: context.io.err })
    .argument('<family>', 'lxd | events-hub | i3d | batcher')
    .description('serve a feed of events (fixtures, realistic sequences, injected invalid and drift frames, faults)')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--rate <n/s>', 'frames per second per connection, or max', '10/s')
    .option('--count <n>', 'frames per connection (servers), or in all (i3d, batcher); unbounded when not given')
    .option('--seed <seed>', 'seed of the feed and the faults; the same seed, the same frames', '1')
    .option('--duration <time>', 'stop after this long (30s, 2m); otherwise on SIGINT or SIGTERM')
    .option('--start <time>', 'timestamp of the first frame: now, or an RFC 3339 time (fixes every byte)', 'now')
    .option('--invalid <ratio>', 'share of frames replaced by invalid fixtures (0-1 or %)', '0')
    .option('--drift <ratio>', 'share of frames bent into drift: unknown events and fields (0-1 or %)', '0')
    .option('--no-sequences', 'only events drawn by weight, no LXD operations or Events Hub VM lives')
    .option('--manifest <file>', 'write each injected frame and each fault to this JSONL file')
    .option('--faults [kinds]', 'inject faults: drop, stall, split, truncate, slow (comma list; all when bare)')
    .option('--fault-every <n>', 'mean frames between two faults on one connection', '200')
    .option('--hold <time>', 'how long a stall or a slow consumer lasts', '3s')
    .option('--queue-limit <n>', 'frames queued per connection before the oldest is evicted (Events Hub: 2048)')
    .option(
      '--write-deadline <time>',
      'drop a connection whose socket does not drain for this long (LXD 5s, Events Hub 10s)',
    )
    .option('--socket <path>', 'lxd: unix socket to listen on (lxc finds $LXD_DIR/unix.socket)')
    .option('--listen <host:port>', 'lxd, events-hub: TCP address (port 0: the system picks one)')
    .option('--no-tls', 'lxd: plain HTTP on --listen instead of HTTPS with a generated certificate')
    .option('--cert-dir <dir>', 'lxd: keep the generated server.crt and server.key in this folder')
    .option(
      '--server <version>',
      'events-hub: mimic one server version the catalog knows (its channels, events and fields); default: any',
    )
    .option('--token <jwt>', 'events-hub: the bearer token to accept', 'evcat-mock-token')
    .option('--api-key <key:secret>', 'events-hub: an API key to accept (sent base64-encoded in X-Api-Key)')
    .option('--api-prefix <path>', 'events-hub: the API prefix', '/api')
    .option('--ping-interval <time>', 'events-hub: protocol ping interval (v1.0.0)', '30s')
    .option('--pong-wait <time>', 'events-hub: drop a client whose pong is this late', '45s')
    .option('--unavailable', 'events-hub: answer every subscribe with 503, as a hub whose event service is down')
    .option('--amqp <url>', 'i3d: the RabbitMQ to publish to', 'amqp://guest:guest@127.0.0.1:5672')
    .option(
      '--exchange <name>',
      'i3d: exchange to publish to (declared as a topic exchange; "" is the default exchange)',
      'i3d.events',
    )
    .option('--routing-key <key>', 'i3d: routing key of every message', 'i3d.platform.events')
    .option('--queue <name>', 'i3d: also declare this queue (2-hour TTL) and bind it to the exchange')
    .option('--output <file>', 'batcher: write to this file or FIFO instead of stdout')
    .option(
      '--out <dir>',
      'generated output folder (its package holds the feeds; the catalog when it is missing)',
      'out',
    )
    .addHelpText(
      'after',
      '\nEvery connection gets the same feed from its first frame (the same seed, the same frames), paced at --rate.\n' +
        'Where it listens and how to connect is printed on stderr.\n\n' +
        'Examples:\n' +
        '  $ evcat mock serve lxd --socket /tmp/lxd/unix.socket &\n' +
        '  $ LXD_DIR=/tmp/lxd lxc monitor --format json\n' +
        '  $ evcat mock serve events-hub --listen 127.0.0.1:8080 --invalid 5% --manifest injected.jsonl\n' +
        '  $ evcat mock serve batcher --count 1000 --rate max | evcat validate -',
    )
    .action(async (family: string, raw: Raw, command: Command) => {
      const options = await parse(family, raw, command, context)
      await serve(options, context)
    })
}

/** The parsed options, and how long to serve. */
type Parsed = MockServeOptions & { readonly durationMs: number | undefined }

async function parse(family: string, raw: Raw, command: Command, { io }: CommandContext): Promise<Parsed> {
  if (!(family in FAMILY_OPTIONS))
    throw new UsageError(`no mock for "${family}"; the families are: ${Object.keys(FAMILY_OPTIONS).join(', ')}`)
  for (const name of Object.keys(raw)) {
    const owner = Object.entries(FAMILY_OPTIONS).find(([, names]) => names.includes(name))
    const given = command.getOptionValueSource(name) === 'cli'
    if (given && owner !== undefined && !FAMILY_OPTIONS[family]!.includes(name))
      throw new UsageError(`--${kebab(name)} is for ${owner[0]}, not ${family}`)
  }
  try {
    // The cheap checks first: a typo is answered before the feed data is read.
    const common = await commonOptions(family, raw)
    const transport = await transportOptions(family, raw)
    const data = await feedData(family, raw.catalog, raw.out)
    const server = await mimicked(family, data, raw.server)
    return {
      family,
      data: server === undefined ? data : await versionData(family, raw.catalog, server),
      ...common,
      ...transport,
      ...(server === undefined ? {} : { server, feed: { ...common.feed, server } }),
      log: (line) => io.err(`evcat mock: ${line}\n`),
    }
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message)
    throw error
  }
}

type Common = Pick<Parsed, 'durationMs' | 'feed' | 'rate' | 'manifest' | 'faults' | 'queueLimit' | 'writeDeadlineMs'>

/** The options every family takes: the feed, its pace and length, injection, faults and push-back. */
async function commonOptions(family: string, raw: Raw): Promise<Common> {
  const { parseRate, parseRatio, parseStart } = await import('../../mock/options.js')
  const { parseFaultKinds } = await import('../../mock/faults.js')
  if (raw.faults !== undefined && (family === 'i3d' || family === 'batcher'))
    throw new RangeError(
      `--faults is for the WebSocket servers (lxd, events-hub); ${family} pushes back through its transport (${family === 'i3d' ? 'a full AMQP channel' : 'a full pipe'})`,
    )
  const start = parseStart(raw.start)
  return {
    durationMs: raw.duration === undefined ? undefined : parseDuration(raw.duration, '--duration'),
    feed: {
      seed: raw.seed,
      ...(raw.count === undefined ? {} : { count: parseCount(raw.count, '--count') }),
      invalid: parseRatio(raw.invalid, '--invalid'),
      drift: parseRatio(raw.drift, '--drift'),
      sequences: raw.sequences,
      ...(start === undefined ? {} : { start }),
    },
    rate: parseRate(raw.rate),
    manifest: raw.manifest,
    faults:
      raw.faults === undefined
        ? undefined
        : {
            kinds: parseFaultKinds(raw.faults === true ? '' : raw.faults),
            every: parseCount(raw.faultEvery, '--fault-every', 1),
            seed: raw.seed,
            holdMs: parseDuration(raw.hold, '--hold'),
          },
    queueLimit: raw.queueLimit === undefined ? undefined : parseCount(raw.queueLimit, '--queue-limit', 1),
    writeDeadlineMs: raw.writeDeadline === undefined ? undefined : parseDuration(raw.writeDeadline, '--write-deadline'),
  }
}

/** Where each family serves: sockets and TLS (lxd), the hub's auth and heartbeat, the broker, the output file. */
async function transportOptions(family: string, raw: Raw): Promise<Partial<MockServeOptions>> {
  const { parseHostPort } = await import('../../mock/listen.js')
  if (family === 'lxd' && raw.socket === undefined && raw.listen === undefined)
    throw new RangeError('lxd needs --socket PATH or --listen HOST:PORT (or both)')
  return {
    ...(raw.socket === undefined ? {} : { socket: raw.socket }),
    ...(raw.listen === undefined && family !== 'events-hub'
      ? {}
      : { listen: parseHostPort(raw.listen ?? '127.0.0.1:0') }),
    tls: raw.tls,
    ...(raw.certDir === undefined ? {} : { certDir: raw.certDir }),
    token: raw.token,
    ...(raw.apiKey === undefined ? {} : { apiKey: raw.apiKey }),
    apiPrefix: raw.apiPrefix,
    pingIntervalMs: parseDuration(raw.pingInterval ?? '30s', '--ping-interval'),
    pongWaitMs: parseDuration(raw.pongWait ?? '45s', '--pong-wait'),
    ...(raw.unavailable === true ? { unavailable: true } : {}),
    amqp: raw.amqp,
    exchange: raw.exchange,
    routingKey: raw.routingKey,
    ...(raw.queue === undefined ? {} : { queue: raw.queue }),
    ...(raw.output === undefined ? {} : { out: raw.output }),
  }
}

/** The known server version `--server` names (events-hub), or undefined: what any known version sends. */
async function mimicked(family: string, data: FeedData, asked: string | undefined): Promise<string | undefined> {
  if (family !== 'events-hub' || asked === undefined) return undefined
  const { serverVersion } = await import('../../mock/feed.js')
  return serverVersion(data, asked)
}

/** The feed of one server version: the family projected to it, built from the catalog (a second or two). */
async function versionData(family: string, catalog: string, server: string): Promise<FeedData> {
  const model = await requireModel(catalog)
  const { buildFeedData } = await import('../../../generators/mock/data.js')
  return buildFeedData(model, family, server)
}

async function serve(options: Parsed, { io }: CommandContext): Promise<void> {
  const { startMock } = await import('../../mock/serve.js')
  const { ListenError } = await import('../../mock/listen.js')
  // One path to stopping, the tap's: a signal, --duration, or the feed's end (publishers and writers), whichever
  // comes first. The stopper listens before anything does, so a signal right after the banner is never lost.
  const stopper = createStopper(options.durationMs, (line) => io.err(`${line}\n`))
  const stopped = new Promise<string>((resolve) =>
    stopper.signal.addEventListener('abort', () => resolve(stopper.reason ?? 'stopped'), { once: true }),
  )
  try {
    let run
    try {
      run = await startMock(options)
    } catch (error) {
      if (error instanceof ListenError || error instanceof RangeError) throw new UsageError(error.message)
      throw error
    }
    const rate = options.rate === undefined ? 'as fast as taken' : `${options.rate} frames/s`
    io.err(`evcat mock: serving ${options.family} (seed ${options.feed.seed}, ${rate}) on\n`)
    for (const line of run.banner) io.err(`  ${line}\n`)
    if (options.manifest !== undefined) io.err(`  manifest: ${options.manifest}\n`)
    io.err('  stop: Ctrl-C (SIGINT) or SIGTERM\n')
    const why = await Promise.race([stopped, run.done.then(() => 'feed done')])
    await run.close()
    const summary = run.summary()
    io.err(`evcat mock: stopped (${why})${summary === '' ? '' : `: ${summary}`}\n`)
  } finally {
    stopper.dispose()
  }
}

/**
 * The family's feed data: from the generated package when \`evcat generate\` made it from this catalog (fast: no
 * catalog to check, no fixtures to make), else built from the catalog.
 */
async function feedData(family: string, catalog: string, out: string): Promise<FeedData> {
  const file = resolve(out, 'package', 'mock', `${family}.data.js`)
  if (existsSync(file)) {
    await checkFreshness(catalog, out)
    return ((await import(pathToFileURL(file).href)) as { default: FeedData }).default
  }
  const model = await requireModel(catalog)
  const { buildFeedData } = await import('../../../generators/mock/data.js')
  return buildFeedData(model, family)
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}
