import { it } from 'vitest'

/** True when CI asked for every real tool to be present (`.ci/run` sets EVCAT_REQUIRE_SERVERS=1). */
export const toolsRequired = process.env['EVCAT_REQUIRE_SERVERS'] === '1'

/**
 * `it` when the tool is there; otherwise a skipped test whose name says what to install. With
 * EVCAT_REQUIRE_SERVERS=1 a missing tool is a failing test instead, so CI never skips silently.
 */
export function requireOrSkip(available: boolean, what: string): typeof it {
  if (available) return it
  if (toolsRequired)
    return ((name: string) =>
      it(name, () => {
        throw new Error(`EVCAT_REQUIRE_SERVERS=1 but ${what} is missing`)
      })) as unknown as typeof it
  return ((name: string) => it.skip(`${name} (skipped: needs ${what})`, () => undefined)) as unknown as typeof it
}
