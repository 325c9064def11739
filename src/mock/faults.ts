import { Rng } from '../prng.js'

/** The failures real servers show, as `--faults` names them. */
export const FAULT_KINDS = ['drop', 'stall', 'split', 'truncate', 'slow'] as const
/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number]

/** Which faults to inject and how often. */
export interface FaultPlan {
  readonly kinds: readonly FaultKind[]
  /** Mean number of frames between two faults on one connection. @default 200 */
  readonly every: number
  /** Seeds the schedule, with the connection number: the same seed, the same faults at the same frames. */
  readonly seed: string
  /** How long a stall or a slow consumer lasts, in ms. @default 3000 */
  readonly holdMs: number
}

/**
 * The fault schedule of one connection: before each frame it sends, a server asks `at(seq)`. Connection-ending
 * faults (drop, truncate) end the schedule. Deterministic per (seed, connection number).
 */
export class Faults {
  private readonly rng: Rng
  private ended = false

  constructor(
    readonly plan: FaultPlan,
    readonly connection: number,
  ) {
    this.rng = new Rng(`faults/${plan.seed}/${connection}`)
  }

  /** The fault to apply to frame `seq`, if any. */
  at(_seq: number): FaultKind | undefined {
    if (this.ended || this.plan.kinds.length === 0 || !this.rng.chance(1 / this.plan.every)) return undefined
    const kind = this.rng.pick(this.plan.kinds)
    if (kind === 'drop' || kind === 'truncate') this.ended = true
    return kind
  }
}

/** Parses `--faults`: a comma list of kinds, or `all`/empty for every kind. */
export function parseFaultKinds(text: string): FaultKind[] {
  if (text === '' || text === 'all') return [...FAULT_KINDS]
  const kinds = text.split(',').map((k) => k.trim())
  const unknown = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k))
  if (unknown.length > 0)
    throw new RangeError(`unknown fault "${unknown[0]}"; the kinds are: ${FAULT_KINDS.join(', ')}`)
  return kinds as FaultKind[]
}
