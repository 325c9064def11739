import { Rng } from '../prng.js'
import { stringifyExact } from '../runtime/json.js'
import { parseExact } from '../runtime/parse.js'
import { valueAt, toPath } from '../runtime/pointer.js'
import { findVersion } from '../runtime/version.js'
import { refreshed, WeightedDraw } from './draw.js'
import { goEscape, goTimestamp } from './go-json.js'
import { driftValue, invalidValue } from './inject.js'
import { eventsHubVmLives } from './sequences/events-hub.js'
import { lxdOperations } from './sequences/lxd.js'
import type { SequenceKind, SequenceStep } from './sequences/types.js'
import type { FeedData, FeedOptions, MockFrame } from './types.js'

/** The realistic sequences of each family that has them. */
export const SEQUENCES: Readonly<Record<string, SequenceKind>> = {
  lxd: lxdOperations,
  'events-hub': eventsHubVmLives,
}

/** At most this many sequences run interleaved, as a busy server has a few operations in flight. */
const MAX_ACTIVE = 3

interface Active {
  readonly label: string
  readonly steps: Iterator<SequenceStep>
}

/**
 * A family's mock feed, frame by frame, lazily: valid events drawn by weight, realistic sequences interleaved with
 * them, and invalid and drift frames mixed in at the given ratios, each frame saying what it is. Pure and
 * deterministic: the same data and options give the same frames in the same order (timestamps included, since
 * they count from `options.start`).
 */
export function* feedFrames(data: FeedData, options: FeedOptions = {}): Generator<MockFrame> {
  const seed = `mock/${data.family}/${String(options.seed ?? '1')}`
  const server = serverVersion(data, options.server)
  const entries = data.entries.filter((e) => sentBy(server, e.versions))
  const invalid = data.invalid.filter((t) => sentBy(server, t.versions))
  const draw = new WeightedDraw(entries)
  const mix = new Rng(seed)
  const values = new Rng(`${seed}/values`)
  const gaps = new Rng(`${seed}/clock`)
  const kind = options.sequences === false ? undefined : SEQUENCES[data.family]
  const invalidRatio = invalid.length === 0 ? 0 : (options.invalid ?? 0)
  const driftRatio = options.drift ?? 0
  const clock = { stamp: '' }
  const active: Active[] = []
  let started = 0
  let ns = BigInt(Math.round(options.start ?? data.epochMs)) * 1_000_000n
  const step = options.rate === undefined ? undefined : BigInt(Math.max(1000, Math.round(1e9 / options.rate)))
  const template = (event: string): Record<string, unknown> => {
    const text = data.templates[event]
    if (text === undefined) throw new RangeError(`the ${data.family} feed has no template of ${event}`)
    return parseExact(text) as Record<string, unknown>
  }
  const sent = new Set(entries.map((e) => e.event))
  const sends = (event: string): boolean => sent.has(event) && data.templates[event] !== undefined
  for (let seq = 0; options.count === undefined || seq < options.count; seq++) {
    // Exponential gaps of ~200 ms mean (as fixtures have) unless a rate fixes them; never the same nanosecond.
    ns += step ?? BigInt(Math.floor(-Math.log(1 - gaps.next()) * 200_000_000)) + 1000n
    clock.stamp = goTimestamp(Number(ns / 1_000_000n), Number(ns % 1_000_000_000n))
    const u = mix.next()
    if (u < invalidRatio) {
      const t = mix.pick(invalid)
      yield frame(data, seq, invalidValue(t, clock.stamp), {
        kind: 'invalid',
        event: t.event,
        rule: t.rule,
        pointer: t.pointer,
      })
      continue
    }
    if (u >= invalidRatio + driftRatio && kind !== undefined && mix.next() < kind.share) {
      if (active.length === 0 || (active.length < MAX_ACTIVE && mix.chance(0.25)))
        active.push(kind.start({ clock, rng: new Rng(`${seed}/sequence/${started++}`), template, sends }))
      const { label, value } = nextStep(active, mix, () =>
        kind.start({ clock, rng: new Rng(`${seed}/sequence/${started++}`), template, sends }),
      )
      yield frame(data, seq, value.value, { kind: 'valid', event: value.event, sequence: label })
      continue
    }
    const entry = draw.pick(values.next())
    const value = refreshed(entry, values.pick(entry.templates), clock.stamp, values)
    if (u < invalidRatio + driftRatio) {
      const bent = driftValue(value, entry, data, mix)
      yield frame(data, seq, bent.value, { kind: 'drift', event: entry.event, rule: bent.rule, pointer: bent.pointer })
    } else yield frame(data, seq, value, { kind: 'valid', event: entry.event })
  }
}

/** The next step of one of the active sequences (picked at random); one that has ended is replaced. */
function nextStep(active: Active[], mix: Rng, start: () => Active): { label: string; value: SequenceStep } {
  for (;;) {
    const i = mix.int(0, active.length - 1)
    const current = active[i]!
    const r = current.steps.next()
    if (!r.done) return { label: current.label, value: r.value }
    active.splice(i, 1)
    if (active.length === 0) active.push(start())
  }
}

type FrameFacts = Pick<MockFrame, 'kind' | 'event' | 'rule' | 'pointer' | 'sequence'>

function frame(data: FeedData, seq: number, value: Record<string, unknown>, facts: FrameFacts): MockFrame {
  const json = stringifyExact(value)
  const channel = data.channelAt === undefined ? undefined : valueAt(value, toPath(data.channelAt))
  const project = data.projectAt === undefined ? undefined : valueAt(value, toPath(data.projectAt))
  return {
    seq,
    text: data.goEscape ? goEscape(json) : json,
    ...facts,
    channel: typeof channel === 'string' ? channel : '',
    ...(typeof project === 'string' ? { project } : {}),
  }
}

/**
 * The known server version `asked` names (`0.9.21` finds `v0.9.21`), or undefined when none is asked for: the feed
 * then serves what any known version sends. A version the catalog does not know is a RangeError listing the known.
 */
export function serverVersion(data: FeedData, asked: string | undefined): string | undefined {
  if (asked === undefined) return undefined
  const known = (data.servers ?? []).map((s) => s.version)
  const found = findVersion(known, asked)
  if (found !== undefined) return found
  throw new RangeError(
    known.length === 0
      ? `the ${data.family} catalog knows no server versions, so there is no "${asked}" to mimic`
      : `the ${data.family} catalog knows no server version "${asked}"; it knows: ${known.join(', ')}`,
  )
}

/** Whether `server` sends what the catalog says only `versions` send (everything when either is undefined). */
function sentBy(server: string | undefined, versions: readonly string[] | undefined): boolean {
  return server === undefined || versions === undefined || versions.includes(server)
}
