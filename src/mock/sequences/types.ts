import type { Rng } from '../../prng.js'

/** One frame of a sequence: the catalog event and the message. */
export interface SequenceStep {
  readonly event: string
  readonly value: Record<string, unknown>
}

/** What a sequence builds its frames from. */
export interface SequenceContext {
  /** The send time of the frame being built; the feed sets it before it asks for the next step. */
  readonly clock: { stamp: string }
  /** Its own PRNG, so a sequence's content does not depend on how it is interleaved with others. */
  readonly rng: Rng
  /** A fresh copy of the wire-like template of an event (one the kind listed in `needs`). */
  template(event: string): Record<string, unknown>
  /** Whether the feed's server version sends the event (a step of an event it never sends is left out). */
  sends(event: string): boolean
}

/** A kind of realistic sequence: related frames with the same ids throughout, as the platform sends them. */
export interface SequenceKind {
  readonly family: string
  /** The events whose templates it needs (those the feed's server version sends). */
  readonly needs: readonly string[]
  /** Share of a feed's frames that come from sequences (the rest are drawn by weight). */
  readonly share: number
  /** Starts one sequence: its label (`operation <uuid>`) and its steps, made one at a time at `clock.stamp`. */
  start(ctx: SequenceContext): { readonly label: string; readonly steps: Iterator<SequenceStep> }
}
