// The mock feed's data and frames. Everything here is plain data: it is built from the catalog's fixtures by
// `generators/mock/data.ts`, embedded in the published package, and read by `feed.ts` in both places.

/** One frame of a mock feed: the wire text and what it is, so a test can check what its consumer caught. */
export interface MockFrame {
  /** Position in the feed, from 0. */
  readonly seq: number
  /** The message as the platform writes it (compact JSON, no trailing newline: the transport adds its framing). */
  readonly text: string
  /** `valid`, or injected: `invalid` (breaks one rule) or `drift` (an event or a field the catalog does not know). */
  readonly kind: 'valid' | 'invalid' | 'drift'
  /** The catalog event it was made from (`lifecycle` events by action, `events-hub` as `channel/message`). */
  readonly event: string
  /** invalid: the rule it breaks; drift: `unknown-field` or `unknown-event`. */
  readonly rule?: string
  /** invalid and drift: the JSON Pointer `evcat validate` reports the problem at. */
  readonly pointer?: string
  /** The realistic sequence it belongs to (`operation <uuid>`, `vm <uuid>`), if any. */
  readonly sequence?: string
  /** Where the platform routes it: the LXD `type`, the Events Hub `event_type` (empty when the family has none). */
  readonly channel: string
  /** The LXD project of the event, when it has one (listeners filter on it). */
  readonly project?: string
}

/** Everything a family's feed is made from: the catalog's fixtures, weighted as real traffic, plus how to bend them. */
export interface FeedData {
  readonly family: string
  /** The instant the fixtures' timestamps start from (ms since the epoch): the feed's clock starts there. */
  readonly epochMs: number
  /** The events the random part of the feed draws from, by weight. */
  readonly entries: readonly FeedEntry[]
  /** Invalid fixtures the feed may inject: only those the platform's transport can carry (see the builder). */
  readonly invalid: readonly InvalidTemplate[]
  /** A wire-like valid message (JSON text) of each event that realistic sequences are built from. */
  readonly templates: Readonly<Record<string, string>>
  /** The object an unknown field is added to for drift: `''` is the root; LXD uses `/metadata`. */
  readonly driftAt: string
  /** How the family spells field names, for the unknown ones drift adds. */
  readonly fieldStyle: 'snake' | 'camel'
  /** Whether the platform writes `<`, `>` and `&` as `\u003c`, `\u003e` and `\u0026` (Go's encoding/json). */
  readonly goEscape: boolean
  /** The pointer of the field the platform routes on (`/type`, `/event_type`), if any. */
  readonly channelAt?: string
  /** The pointer of the event's project, if the platform filters on one. */
  readonly projectAt?: string
  /** The routing values (`channelAt`) of every server event, in catalog order: the Events Hub's channels. */
  readonly channels?: readonly string[]
  /** The family's known server versions (the catalog's, ascending), each with the channels it sends on. */
  readonly servers?: readonly ServerVersion[]
}

/** One known server version of a family, from the catalog. */
export interface ServerVersion {
  /** As the catalog spells it (`v1.0.0`, `5.0.2`). */
  readonly version: string
  /** The routing values (`channelAt`) of the events it sends, in catalog order: the Events Hub's channels. */
  readonly channels: readonly string[]
}

/** One event of the weighted draw. */
export interface FeedEntry {
  readonly event: string
  /** Relative weight within the family. */
  readonly weight: number
  /** Its valid fixtures, as exact JSON text (i3D ids beyond 2^53 stay digit for digit). */
  readonly templates: readonly string[]
  /** Top-level fields that carry the send time, refreshed on every frame. */
  readonly clockKeys: readonly string[]
  /** Top-level fields that carry a 64-hex message id, made fresh on every frame. */
  readonly idKeys: readonly string[]
  /** The pointer of the event's own discriminator, when another value there is an unknown event of a known kind. */
  readonly key?: string
  /** The known server versions that send it (the catalog's `sentBy`); absent: every version. */
  readonly versions?: readonly string[]
}

/** One invalid fixture the feed may inject. */
export interface InvalidTemplate {
  readonly event: string
  readonly rule: string
  readonly pointer: string
  readonly text: string
  readonly clockKeys: readonly string[]
  /** The known server versions that send its event; absent: every version. */
  readonly versions?: readonly string[]
}

/** What a feed serves. Every option has a default, so `feedFrames(data)` is a valid endless feed. */
export interface FeedOptions {
  /** Seeds everything; the same options give the same frames in the same order. @default "1" */
  readonly seed?: string | number
  /** How many frames; unbounded when undefined. */
  readonly count?: number
  /** Share of frames replaced by an invalid fixture, 0 to 1. @default 0 */
  readonly invalid?: number
  /** Share of frames bent into drift (an unknown field or event), 0 to 1. @default 0 */
  readonly drift?: number
  /** Whether realistic sequences (LXD operations, Events Hub VM lives) are mixed in. @default true */
  readonly sequences?: boolean
  /** The first frame's time, in ms since the epoch. @default the fixtures' epoch, 2026-03-04T05:06:07Z */
  readonly start?: number
  /** Frames per second: timestamps are 1/rate apart. @default none: gaps of about 200 ms, as fixtures have */
  readonly rate?: number
  /**
   * Only the events this known server version sends (`v0.9.21`, or `0.9.21`). Their fields are the data's: with the
   * package's data, every version's; `evcat mock serve --server` builds the version's own. @default any version
   */
  readonly server?: string
}
