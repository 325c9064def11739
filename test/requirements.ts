import { existsSync } from 'node:fs'

/**
 * Whether something a test needs from outside the repository is there (`../shared`, a live capture). When it
 * is not, the test skips and says what it needs; with the environment variable `strict` set to 1 (CI sets it
 * in `.ci/run`) a missing requirement is an error instead, so CI can never pass by skipping.
 */
export function available(what: string, met: boolean, strict: string): boolean {
  if (met) return true
  if (process.env[strict] === '1') throw new Error(`this test needs ${what}, and ${strict}=1 makes that required`)
  console.warn(`skipped: this test needs ${what} (set ${strict}=1 to make it required)`)
  return false
}

/** The vendor pages, `../shared/seeds` beside the repository (the catalog's sources; not in a plain clone). */
export const seedsAvailable = (dir: string): boolean =>
  available(
    `the vendor pages in ${dir} (../shared beside the repository)`,
    existsSync(`${dir}/README.md`),
    'EVCAT_REQUIRE_SHARED',
  )
