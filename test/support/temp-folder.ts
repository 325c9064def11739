import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, onTestFinished } from 'vitest'

/**
 * A fresh folder under the system's temp folder, removed when the test that made it ends, or (made outside a
 * test, in a describe block or at the top of a file) when the tests around it are done: a test run leaves nothing
 * in /tmp.
 */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const remove = (): void => rmSync(dir, { recursive: true, force: true })
  if (expect.getState().currentTestName !== undefined) onTestFinished(remove)
  else afterAll(remove)
  return dir
}
