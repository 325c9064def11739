import type { Status } from '../validate/types.js'

/** A record whose message may also be in another capture: delivered before, or not yet known to be acked. */
export interface AtRisk {
  /** The capture file it is in. */
  readonly out: string
  /** The message id the publisher set, else `sha256:` of the body. */
  readonly id: string
  readonly line: number
  readonly status: Status
  readonly family?: string
  readonly event?: string
  /** The broker marked it redelivered. */
  readonly redelivered: boolean
}

/** A time the source was away, and the capture line it came after. */
export interface GapRecord {
  readonly source: string
  readonly out: string
  readonly from: number
  readonly to: number
  readonly reason: string
  readonly afterLine: number
}

/** What one tap run counts besides verdicts; the report's `tap` section is made from it. */
export interface TapState {
  readonly source: string
  readonly out: string
  readonly started: number
  ended?: number
  frames: number
  bytes: number
  /** Frames whose inner line breaks became spaces (see frameLine). */
  lineBreaksReplaced: number
  redelivered: number
  reconnects: number
  /** Frames that are not JSON objects (counted here when the tap does not validate). */
  unreadable: number
  readonly gaps: GapRecord[]
  /** Redelivered records, kept for the whole run. */
  readonly redeliveredAtRisk: AtRisk[]
  /** Records of batches whose acknowledgement the broker has not confirmed yet, by batch. */
  readonly pending: Map<number, readonly AtRisk[]>
}

/** A fresh state for a run that starts now. */
export function newTapState(source: string, out: string): TapState {
  return {
    source,
    out,
    started: Date.now(),
    frames: 0,
    bytes: 0,
    lineBreaksReplaced: 0,
    redelivered: 0,
    reconnects: 0,
    unreadable: 0,
    gaps: [],
    redeliveredAtRisk: [],
    pending: new Map(),
  }
}

/** Every record at risk of being a duplicate, in capture order. */
export function atRisk(state: TapState): AtRisk[] {
  const all = [...state.redeliveredAtRisk]
  for (const batch of state.pending.values()) all.push(...batch)
  return all.sort((a, b) => a.line - b.line)
}
