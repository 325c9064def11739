import { createHash } from 'node:crypto'
import type { Frame, Gap, Transport, TransportContext } from '../transport/frame.js'
import { Acknowledger } from './ack.js'
import type { LiveJudge, LineVerdict } from './judge.js'
import { frameLine } from './line.js'
import type { MetaEntry, MetaWriter } from './meta.js'
import type { TapReport } from './report.js'
import { DownstreamClosed, type LineSink } from './sink.js'
import type { AtRisk, TapState } from './state.js'

/** Everything a tap run writes to, and when it stops. */
export interface TapRun {
  readonly transport: Transport
  readonly state: TapState
  readonly sinks: readonly LineSink[]
  /** The number of the first line written (1, or after the existing lines with --append). */
  readonly firstLine: number
  readonly meta?: MetaWriter
  readonly judge?: LiveJudge
  /** Rewritten before every acknowledgement, so a killed consumer's report covers all it acknowledged. */
  readonly checkpoint?: { readonly report: TapReport; readonly file: string }
  /** Stop after this many frames. */
  readonly count?: number
  readonly context: TransportContext
  /** Stops the run (the same signal as context.signal), with why. */
  readonly stop: (reason: string) => void
}

/**
 * The tap: for each batch of frames, write the lines (and flush), write the side file, judge, and hand the
 * frames to the Acknowledger, which checkpoints the report and only then acknowledges. Runs until the transport
 * ends (the signal aborted or the source closed); throws SourceError, WriteFailed or ConnectionLost, after which
 * unacknowledged messages go back to the queue.
 */
export async function runTap(run: TapRun): Promise<void> {
  const { state, transport } = run
  const acks =
    transport.acknowledge === undefined
      ? undefined
      : new Acknowledger({ ...transport, acknowledge: transport.acknowledge }, state, run.checkpoint)
  let line = run.firstLine
  let batchNo = 0
  for await (const items of transport.items(run.context)) {
    acks?.throwIfFailed()
    const frames: Frame[] = []
    const meta: MetaEntry[] = []
    for (const item of items) {
      if (item.kind === 'gap') meta.push(recordGap(state, item, line - 1))
      else if (run.count === undefined || state.frames + frames.length < run.count) frames.push(item)
    }
    if (frames.length > 0) {
      const written = await writeBatch(run, frames, line, meta)
      if (!written) break
      const verdicts = frames.map((f, i) => judgeFrame(run, f, line + i, written[i]!))
      if (acks !== undefined) {
        const risky = frames.map((f, i) => riskOf(state, f, line + i, verdicts[i]))
        const batch = batchNo++
        state.pending.set(
          batch,
          risky.filter((r) => !r.redelivered),
        )
        acks.add(batch, frames)
      }
      line += frames.length
    } else if (meta.length > 0) await run.meta?.write(meta)
    if (run.count !== undefined && state.frames >= run.count) run.stop(`--count ${run.count} reached`)
  }
  await acks?.drain()
}

/** Writes the lines to every sink and the side file; returns each frame's line bytes, or undefined when stdout closed. */
async function writeBatch(
  run: TapRun,
  frames: Frame[],
  first: number,
  meta: MetaEntry[],
): Promise<Buffer[] | undefined> {
  const { state } = run
  const lines = frames.map((f) => frameLine(f.data))
  const bytes = lines.map((l) => l.bytes)
  try {
    for (const sink of run.sinks) await sink.write(bytes)
  } catch (error) {
    if (!(error instanceof DownstreamClosed)) throw error
    run.stop('stdout was closed')
    return undefined
  }
  frames.forEach((f, i) => {
    if (f.redelivered === true)
      meta.push({ kind: 'redelivered', line: first + i, id: identity(f), at: new Date(f.at).toISOString() })
  })
  await run.meta?.write(meta)
  state.frames += frames.length
  for (const l of lines) {
    state.bytes += l.bytes.length + 1
    if (l.replacedBreaks) state.lineBreaksReplaced++
  }
  return bytes
}

/** The verdict on a frame, or (without --validate) only whether it is unreadable. */
function judgeFrame(run: TapRun, frame: Frame, line: number, bytes: Buffer): LineVerdict | undefined {
  if (run.judge !== undefined) return run.judge.judge(line, bytes, frame.at)
  if (!isJsonObject(bytes)) run.state.unreadable++
  return undefined
}

function isJsonObject(bytes: Buffer): boolean {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'))
    return value !== null && typeof value === 'object' && !Array.isArray(value)
  } catch {
    return false
  }
}

/** The record of an acknowledged-late frame; redelivered ones are kept for the whole run. */
function riskOf(state: TapState, frame: Frame, line: number, verdict: LineVerdict | undefined): AtRisk {
  const redelivered = frame.redelivered === true
  const r: AtRisk = {
    out: state.out,
    id: identity(frame),
    line,
    status: verdict?.status ?? 'valid',
    ...(verdict?.family === undefined ? {} : { family: verdict.family }),
    ...(verdict?.event === undefined ? {} : { event: verdict.event }),
    redelivered,
  }
  if (redelivered) {
    state.redelivered++
    state.redeliveredAtRisk.push(r)
  }
  return r
}

/** A message's identity across consumers: the publisher's message id, else the sha256 of its bytes. */
export function identity(frame: Frame): string {
  return frame.messageId ?? `sha256:${createHash('sha256').update(frame.data).digest('hex')}`
}

function recordGap(state: TapState, gap: Gap, afterLine: number): MetaEntry {
  state.gaps.push({ source: state.source, out: state.out, from: gap.from, to: gap.to, reason: gap.reason, afterLine })
  return {
    kind: 'gap',
    line: afterLine,
    from: new Date(gap.from).toISOString(),
    to: new Date(gap.to).toISOString(),
    reason: gap.reason,
  }
}
