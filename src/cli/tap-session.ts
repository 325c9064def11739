import { writeFile } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { LiveJudge } from '../tap/judge.js'
import { MetaWriter } from '../tap/meta.js'
import { TapReport } from '../tap/report.js'
import { runTap } from '../tap/run.js'
import { FileSink, PublishSink, StdoutSink, WriteFailed, type LineSink } from '../tap/sink.js'
import { newTapState, type TapState } from '../tap/state.js'
import { parseAmqpUrl } from '../transport/amqp-connect.js'
import { AmqpPublisher } from '../transport/amqp-publish.js'
import { ConnectionLost, SourceError, type Transport } from '../transport/frame.js'
import type { ReconnectPolicy } from '../transport/reconnect.js'
import { openSource, type SourceOptions } from '../transport/source.js'
import { summaryLine } from '../validate/report/common.js'
import type { ReportFormat } from '../validate/types.js'
import { EXIT, type CliIO } from './io.js'
import { createStopper, type Stopper } from './stopper.js'
import { parseServers } from './server-option.js'
import { loadTables } from './tables.js'

/** Everything `evcat tap` was asked to do, checked. */
export interface TapSettings {
  readonly source: string
  readonly sourceOptions: SourceOptions
  /** Capture file, `-` for stdout, undefined for none (publishing only). */
  readonly out: string | undefined
  readonly append: boolean
  readonly meta?: string
  readonly validate: boolean
  readonly report?: { readonly file: string; readonly format: ReportFormat }
  readonly strict: boolean
  readonly family?: string
  /** `--server FAMILY@VERSION` values, checked against the validators once they are loaded. */
  readonly servers?: readonly string[]
  readonly maxProblems: number
  readonly count?: number
  readonly durationMs?: number
  readonly catalog: string
  readonly generated: string
  readonly publish?: {
    readonly url: string
    readonly exchange: string
    readonly routingKey: string
    readonly reconnect: ReconnectPolicy
  }
}

/** What a run opened, to be closed whatever happens. */
interface Opened {
  readonly sinks: LineSink[]
  meta?: MetaWriter
  firstLine: number
}

/** Runs `evcat tap` and returns its exit code; source and write errors are one line on stderr and exit 2. */
export async function runTapCommand(settings: TapSettings, io: CliIO): Promise<number> {
  const log = (line: string): void => io.err(line + '\n')
  const transport = openSource(settings.source, settings.sourceOptions)
  const generated = settings.validate ? await loadTables(settings.catalog, settings.generated) : undefined
  const tables = generated?.tables
  if (settings.family !== undefined && tables !== undefined && !tables.some((t) => t.family === settings.family))
    throw new UsageError(
      `no family "${settings.family}"; the validators know: ${tables.map((t) => t.family).join(', ')}`,
    )
  const servers =
    tables === undefined || settings.servers === undefined ? undefined : parseServers(settings.servers, tables)
  const catalogVersion = generated?.catalogVersion === undefined ? {} : { catalogVersion: generated.catalogVersion }
  const outName = settings.out === undefined ? '(none)' : settings.out === '-' ? 'stdout' : settings.out
  const state = newTapState(transport.name, outName)
  const stopper = createStopper(settings.durationMs, log)
  const opened: Opened = { sinks: [], firstLine: 1 }
  let failure: unknown
  let judge: LiveJudge | undefined
  let report: TapReport | undefined
  try {
    await open(settings, opened, stopper, log)
    if (tables !== undefined) {
      judge = new LiveJudge(tables, {
        ...(settings.family === undefined ? {} : { family: settings.family }),
        ...(servers === undefined ? {} : { servers }),
        strict: settings.strict,
        maxProblems: settings.maxProblems,
        file: outName,
        print: (text) => io.err(text),
      })
      report = new TapReport(judge, state, catalogVersion)
    }
    const checkpoint =
      report !== undefined && settings.report?.format === 'json' && settings.report.file !== '-'
        ? { report, file: settings.report.file }
        : undefined
    // A report that cannot be written must stop the tap before it takes (and acknowledges) anything.
    if (checkpoint !== undefined && transport.acknowledge !== undefined)
      await checkpoint.report.checkpoint(checkpoint.file)
    await runTap({
      transport,
      state,
      sinks: opened.sinks,
      firstLine: opened.firstLine,
      ...(opened.meta === undefined ? {} : { meta: opened.meta }),
      ...(judge === undefined ? {} : { judge }),
      ...(checkpoint === undefined ? {} : { checkpoint }),
      ...(settings.count === undefined ? {} : { count: settings.count }),
      context: { signal: stopper.signal, log, reconnected: () => state.reconnects++ },
      stop: (reason) => stopper.stop(reason),
    })
  } catch (error) {
    failure = error
  } finally {
    stopper.dispose()
    state.ended = Date.now()
    for (const sink of opened.sinks) await sink.close()
    await opened.meta?.close()
  }
  return finish(settings, transport, state, report, stopper, failure, io)
}

/** Opens the capture, the publisher and the side file. */
async function open(
  settings: TapSettings,
  opened: Opened,
  stopper: Stopper,
  log: (line: string) => void,
): Promise<void> {
  if (settings.out === '-') opened.sinks.push(new StdoutSink())
  else if (settings.out !== undefined) {
    const file = await FileSink.open(settings.out, settings.append, '--out')
    opened.sinks.push(file)
    opened.firstLine = file.firstLine
  }
  if (settings.publish !== undefined) {
    const { url, exchange, routingKey, reconnect } = settings.publish
    const publisher = await AmqpPublisher.open(
      parseAmqpUrl(url),
      { exchange, routingKey, reconnect },
      {
        signal: stopper.signal,
        log,
      },
    )
    opened.sinks.push(new PublishSink(publisher))
  }
  if (settings.meta !== undefined) opened.meta = await MetaWriter.open(settings.meta, settings.append)
}

/** Writes the final report and the summary, and decides the exit code. */
async function finish(
  settings: TapSettings,
  transport: Transport,
  state: TapState,
  report: TapReport | undefined,
  stopper: Stopper,
  failure: unknown,
  io: CliIO,
): Promise<number> {
  if (failure !== undefined && !(failure instanceof ConnectionLost) && !isUserError(failure)) throw failure
  if (failure !== undefined) io.err(`evcat: ${(failure as Error).message}\n`)
  // A tap that never wrote a frame is answered with its one line, nothing more.
  if (failure !== undefined && state.frames === 0 && !(failure instanceof ConnectionLost)) return EXIT.internal
  report?.stopped(stopper.reason)
  const reportFailed = !(await writeFinalReport(settings, report, io))
  io.err(summary(transport, state, stopper.reason) + '\n')
  const validation = report?.validation()
  // The tap's own line above already says what stopped it.
  if (validation !== undefined) io.err(summaryLine({ ...validation, stoppedBy: undefined }) + '\n')
  if (failure instanceof ConnectionLost) return EXIT.problems
  if (failure !== undefined || reportFailed) return EXIT.internal
  if (validation === undefined) return EXIT.ok
  const s = validation.summary
  return s.invalid > 0 || s.unreadable > 0 ? EXIT.problems : EXIT.ok
}

/** Writes the report at the end (JSON atomically, as its checkpoints); false when it could not be written. */
async function writeFinalReport(settings: TapSettings, report: TapReport | undefined, io: CliIO): Promise<boolean> {
  if (report === undefined || settings.report === undefined) return true
  const { file, format } = settings.report
  try {
    if (file === '-') io.out(report.render(format))
    else if (format === 'json') await report.checkpoint(file)
    else await writeFile(file, report.render(format))
    return true
  } catch (error) {
    io.err(
      `evcat: ${error instanceof WriteFailed ? error.message : `cannot write the report ${file}: ${(error as Error).message}`}\n`,
    )
    return false
  }
}

function isUserError(error: unknown): boolean {
  return error instanceof SourceError || error instanceof WriteFailed || error instanceof UsageError
}

/** `tap: 1234 frames (456.7 KB) from SOURCE in 12.3 s (stopped: SIGINT); 1 gap (3.2 s), 2 reconnects, …`. */
function summary(transport: Transport, state: TapState, reason: string | undefined): string {
  const seconds = ((state.ended ?? Date.now()) - state.started) / 1000
  const gapSeconds = state.gaps.reduce((s, g) => s + (g.to - g.from), 0) / 1000
  const parts = [
    `${state.gaps.length} gap${state.gaps.length === 1 ? '' : 's'}${state.gaps.length > 0 ? ` (${gapSeconds.toFixed(1)} s)` : ''}`,
    `${state.reconnects} reconnect${state.reconnects === 1 ? '' : 's'}`,
  ]
  if (transport.acknowledge !== undefined) parts.push(`${state.redelivered} redelivered`)
  if (state.unreadable > 0) parts.push(`${state.unreadable} unreadable`)
  if (state.lineBreaksReplaced > 0) parts.push(`${state.lineBreaksReplaced} with line breaks made spaces`)
  const kb = (state.bytes / 1024).toFixed(1)
  return (
    `tap: ${state.frames} frame${state.frames === 1 ? '' : 's'} (${kb} KB) from ${transport.name} in ${seconds.toFixed(1)} s` +
    `${reason === undefined ? '' : ` (stopped: ${reason})`}; ${parts.join(', ')}`
  )
}
