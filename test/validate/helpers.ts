import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { buildModel } from '../../src/model/build.js'
import type { CatalogModel } from '../../src/model/types.js'
import { stringifyExact } from '../../src/runtime/json.js'
import { run } from '../cli/run.js'
import { tempFolder } from '../support/temp-folder.js'

/** A fresh temp folder, removed when the test (or the test file) that made it is done. */
export const scratch = (): string => tempFolder('evcat-validate-')

/** The real catalog's model. */
export async function realModel(): Promise<CatalogModel> {
  return buildModel(validateCatalog(await loadCatalog('catalog')))
}

/** Every `wire: true` example of a family (what the server really sends), as JSON lines. */
export function wireLines(model: CatalogModel, family: string): { event: string; line: string }[] {
  const f = model.families.find((x) => x.id === family)!
  return f.events.flatMap((e) =>
    e.examples
      .filter((x) => x.wire && x.value !== undefined)
      .map((x) => ({ event: e.name, line: stringifyExact(x.value) })),
  )
}

/** Writes text (or bytes) to a file in `dir` and returns its path. */
export function put(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** Runs `evcat validate … --format json` in process and returns the exit code and the parsed report. */
export async function validateJson(...args: string[]): Promise<{ code: number; report: JsonReport; err: string }> {
  const r = await run('validate', ...args, '--format', 'json')
  return { code: r.code, report: JSON.parse(r.out) as JsonReport, err: r.err }
}

/** The JSON report's shape, as tests read it. */
export interface JsonReport {
  summary: { total: number; valid: number; invalid: number; drift: number; unreadable: number }
  files: { file: string; records: number; kind: string | null; error: string | null }[]
  events: Record<string, Record<string, number>>
  problems: {
    file: string
    line: number
    family: string | null
    event: string | null
    status: string
    errors: { pointer: string; message: string; kind: string }[]
  }[]
  omittedProblems: number
  strict: boolean
}
