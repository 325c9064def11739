// Measurements of the open-format generators (JSON Schema, AsyncAPI, the docs site): what they add to
// `evcat generate`, each generator's time, and the site generator for a synthetic catalog at scale.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { BENCH, DATA } from './paths.mjs'
import { runChild, runNode } from './spawn.mjs'
import { median } from './stats.mjs'
import { writeSyntheticCatalog } from './synthetic-catalog.mjs'

/** The generate pipeline without and with the open-format generators, interleaved, `runs` times each. */
export async function generateWithAndWithout(runs) {
  const base = []
  const all = []
  for (let i = 0; i < runs; i++)
    for (const [mode, into] of [
      ['without-open-formats', base],
      ['all', all],
    ]) {
      const dir = mkdtempSync(join(os.tmpdir(), 'evcat-bench-of-'))
      try {
        const r = await runNode([join(BENCH, 'child', 'generate.mjs'), mode, join(dir, 'out')])
        if (r.code !== 0) throw new Error(`generate.mjs ${mode} exited ${r.code}: ${r.stderr.trim().slice(0, 300)}`)
        into.push(r)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  return {
    baseMs: median(base.map((r) => r.ms)),
    allMs: median(all.map((r) => r.ms)),
    baseRssKB: Math.max(...base.map((r) => r.maxRssKB)),
    allRssKB: Math.max(...all.map((r) => r.maxRssKB)),
  }
}

/** Each default generator's time over the real catalog, in-process, median of `runs` fresh processes. */
export async function perGenerator(runs) {
  const results = []
  for (let i = 0; i < runs; i++) results.push(await runChild('generators.mjs'))
  const names = Object.keys(results[0]).filter((k) => k !== 'ms' && k !== 'maxRssKB')
  return Object.fromEntries(names.map((n) => [n, median(results.map((r) => r[n]))]))
}

/**
 * The site generator over a synthetic catalog of `events` events (written to bench/data/): one process loads the
 * catalog and builds the model and fixtures (as a real generate does before the site runs), a second generates
 * and writes the site from them, page by page, so its peak RSS is what generating the site costs while holding
 * the data it reads. The second runs twice: as evcat generate runs (V8's heap growing factor fixed at 1.5), and,
 * for reference, with V8's own factor (EVCAT_HEAP_GROWING=0): the difference is garbage V8 had not collected yet,
 * not data the site keeps.
 */
export async function siteAtScale(events) {
  const catalog = writeSyntheticCatalog(join(DATA, `synthetic-${events}`), events)
  const dir = mkdtempSync(join(os.tmpdir(), 'evcat-bench-site-'))
  try {
    const input = join(dir, 'model.v8')
    const prepared = await runChild('site-prepare.mjs', [catalog, input])
    const site = await runChild('site.mjs', [input, join(dir, 'out')])
    const small = await runNode([join(BENCH, 'child', 'site.mjs'), input, join(dir, 'small')], {
      env: { EVCAT_HEAP_GROWING: '0' },
    })
    if (small.code !== 0)
      throw new Error(`site.mjs with V8's own heap growing exited ${small.code}: ${small.stderr.trim()}`)
    return {
      ...site,
      smallRssKB: small.maxRssKB,
      catalogMs: prepared.catalogMs,
      fixturesMs: prepared.fixturesMs,
      prepareMs: prepared.ms,
      prepareRssKB: prepared.maxRssKB,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
