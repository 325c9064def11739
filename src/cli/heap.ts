import { setFlagsFromString } from 'node:v8'

// V8 lets the heap grow by a factor it picks from its own speed (up to 4×) before a full collection. Generation
// makes a lot of short-lived garbage (compiled schemas, printed documents) over a live heap of 100–200 MB, so by
// default its peak is mostly garbage that a collection would have freed. A fixed factor of 1.5 bounds that for a
// few percent more CPU time (bench/RESULTS.md has the figures). EVCAT_HEAP_GROWING=<percent> overrides it, and
// 0 leaves V8's own choice (the bench compares both).
const DEFAULT_PERCENT = 50

/** Makes V8 collect garbage before its heap grows by more than half, for the commands that generate the catalog. */
export function collectGarbageSooner(env: NodeJS.ProcessEnv = process.env): void {
  const asked = env['EVCAT_HEAP_GROWING']
  const percent = asked !== undefined && /^\d{1,4}$/.test(asked) ? Number(asked) : DEFAULT_PERCENT
  setFlagsFromString(`--heap-growing-percent=${percent}`)
}
