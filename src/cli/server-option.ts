import { UsageError } from '../errors.js'
import type { FamilyTable } from '../runtime/dispatch.js'
import { findVersion } from '../runtime/version.js'

/**
 * Reads `--server FAMILY@VERSION` values (one per family) against the generated tables: the version is looked up
 * among the family's known versions however it is spelled (`0.9.21` finds `v0.9.21`). Anything else is a usage
 * error that says what is known.
 */
export function parseServers(values: readonly string[], tables: readonly FamilyTable[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const value of values) {
    const at = value.lastIndexOf('@')
    if (at <= 0 || at === value.length - 1)
      throw new UsageError(`--server takes FAMILY@VERSION (for example lxd@5.0.2), not "${value}"`)
    const family = value.slice(0, at)
    const wanted = value.slice(at + 1)
    const table = tables.find((t) => t.family === family)
    if (table === undefined)
      throw new UsageError(`--server ${value}: no family "${family}"; known: ${tables.map((t) => t.family).join(', ')}`)
    const known = Object.keys(table.versions ?? {})
    const withVersions = tables.filter((t) => Object.keys(t.versions ?? {}).length > 0).map((t) => t.family)
    if (known.length === 0)
      throw new UsageError(
        `--server ${value}: the catalog knows no server versions of ${family}; versions are known for: ${withVersions.join(', ')}`,
      )
    const version = findVersion(known, wanted)
    if (version === undefined)
      throw new UsageError(
        `--server ${value}: ${wanted} is not a known version of ${family}; known: ${known.join(', ')}`,
      )
    if (out[family] !== undefined && out[family] !== version)
      throw new UsageError(`--server names two versions of ${family}: ${out[family]} and ${version}`)
    out[family] = version
  }
  return out
}
