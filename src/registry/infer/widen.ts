// Version ranges a proposal widens (`--server`).
import { compareVersions, parseVersion } from '../../runtime/version.js'
import type { JsonSchema } from '../../schema/types.js'
import { Rekey, SetValue } from './yaml-edit.js'

/**
 * The patch that makes a version range include one more version, claiming no version between: `versions` (or a
 * lone `since`/`until`, rewritten as `versions`) gains the alternative `|| V`. With both `since` and `until` the
 * nearer bound moves to V, which also claims the versions between (the proposal says so).
 */
export function widen(
  keys: { since?: string; until?: string; versions?: string },
  version: string,
  prefix: string,
): Record<string, SetValue | Rekey> {
  if (keys.versions !== undefined) return { [`${prefix}versions`]: new SetValue(`${keys.versions} || ${version}`) }
  if (keys.since !== undefined && keys.until === undefined)
    return { [`${prefix}since`]: new Rekey(`${prefix}versions`, `>=${keys.since} || ${version}`) }
  if (keys.until !== undefined && keys.since === undefined)
    return { [`${prefix}until`]: new Rekey(`${prefix}versions`, `<=${keys.until} || ${version}`) }
  const below = compareVersions(parseVersion(version)!, parseVersion(keys.since!)!) < 0
  return below ? { [`${prefix}since`]: new SetValue(version) } : { [`${prefix}until`]: new SetValue(version) }
}

/** What a widening claims beyond the version the capture shows (both bounds: the versions between), or nothing. */
export function widenReasons(keys: { since?: string; until?: string; versions?: string }, version: string): string[] {
  if (keys.versions !== undefined || keys.since === undefined || keys.until === undefined) return []
  return [
    `moving a bound to ${version} also claims the versions between; write a versions range if they do not send it`,
  ]
}

/** Version marks for a proposal's text: `>=5.6`, `since 5.19, until 6.2`. */
export function describeKeys(k: { since?: string; until?: string; versions?: string }): string {
  return k.versions ?? [k.since && `since ${k.since}`, k.until && `until ${k.until}`].filter(Boolean).join(', ')
}

/** A schema node's version marks as since/until/versions. */
export function versionKeys(node: JsonSchema): { since?: string; until?: string; versions?: string } {
  return {
    ...(typeof node['x-since'] === 'string' ? { since: node['x-since'] } : {}),
    ...(typeof node['x-until'] === 'string' ? { until: node['x-until'] } : {}),
    ...(typeof node['x-versions'] === 'string' ? { versions: node['x-versions'] } : {}),
  }
}
