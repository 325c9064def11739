// Times as the platforms print them. One copy for the fixtures generator (generators/fixtures/) and the mock feed,
// which ships in the package: pure ES2022, no Node API.

/** How a platform prints an instant: Go's RFC3339Nano, exactly 3 fraction digits, or none. */
export type TimeLayout = 'go' | 'millis' | 'seconds'

const NS = 1_000_000_000n

/**
 * An instant (nanoseconds since the epoch) printed in a zone (`Z`, `-05:00`): `go` is Go's RFC3339Nano (trailing
 * zeros of the fraction trimmed, none when zero), `millis` has exactly 3 fraction digits, `seconds` none. A zero
 * offset prints `Z`, as Go's `Z07:00` does.
 */
export function formatTime(epochNs: bigint, layout: TimeLayout, zone: string): string {
  const offset = zoneMinutes(zone)
  const seconds = epochNs / NS - (epochNs % NS < 0n ? 1n : 0n)
  const nanos = Number(epochNs - seconds * NS)
  const base = new Date((Number(seconds) + offset * 60) * 1000).toISOString().slice(0, 19)
  const nine = String(nanos).padStart(9, '0')
  const fraction =
    layout === 'millis'
      ? `.${nine.slice(0, 3)}`
      : layout === 'seconds'
        ? ''
        : nine.replace(/0+$/, '').replace(/^(.)/, '.$1')
  return `${base}${fraction}${offset === 0 ? 'Z' : zoneText(offset)}`
}

/** Go's RFC3339Nano in UTC (how a `time.Time` of `time.Now().UTC()` marshals), from ms and the ns within the second. */
export function goTimestamp(epochMs: number, nanos: number): string {
  return formatTime(BigInt(Math.floor(epochMs / 1000)) * NS + BigInt(nanos % 1_000_000_000), 'go', 'Z')
}

/**
 * Reads an RFC 3339 timestamp back: its instant in nanoseconds, its zone as written, and how many fraction digits
 * it has; undefined when it is not one.
 */
export function parseTime(text: string): { epochNs: bigint; zone: string; digits: number } | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text)
  if (m === null) return undefined
  const local = Date.parse(`${m[1]}Z`)
  if (Number.isNaN(local)) return undefined
  const zone = m[3]!
  const seconds = BigInt(local / 1000 - zoneMinutes(zone) * 60)
  const fraction = m[2] ?? ''
  return { epochNs: seconds * NS + BigInt(fraction.padEnd(9, '0')), zone, digits: fraction.length }
}

/** Minutes east of UTC of a zone written `Z` or `±hh:mm`. */
export function zoneMinutes(zone: string): number {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(zone)
  if (m === null) return 0
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
}

function zoneText(minutes: number): string {
  const abs = Math.abs(minutes)
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}
