#!/usr/bin/env node
// evcat's benchmark suite: `npm run bench` (full, a few minutes) or `npm run bench -- --quick` (CI smoke, < 1 min).
// Generates its own deterministic input, measures everything side by side in one run, and reports ratios
// against the parse-only baseline of the same run. It never fails on a slow machine: a missed target is a
// "no" in the table, not an exit code. It exits 1 only when a measurement could not run at all.
// See bench/README.md for what each row means.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import os from 'node:os'
import { join, relative } from 'node:path'
import { buildTemplates, ensureInput, loadModel, WEIGHTS, writeSchemas } from './lib/data.mjs'
import { generateWithAndWithout, perGenerator, siteAtScale } from './lib/open-formats.mjs'
import { BENCH, CLI, DATA, ROOT } from './lib/paths.mjs'
import { sectionsOf } from './lib/sections.mjs'
import { gnuTime, runChild, runNode } from './lib/spawn.mjs'
import { fmtMB, fmtMs, fmtRate, fmtX, median, percentile } from './lib/stats.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const unknown = args.filter((a) => a !== '--quick')
if (unknown.length > 0) {
  console.error(`usage: npm run bench [-- --quick]   (unknown: ${unknown.join(' ')})`)
  process.exit(2)
}

const C = quick
  ? {
      big: 100_000,
      runs: 1,
      dirtyRuns: 1,
      huge: 0,
      libLines: 50_000,
      libRounds: 3,
      peerSample: 1000,
      peerRounds: 20,
      startRuns: 3,
      compileRuns: 1,
      tinyRuns: 3,
      bigintRounds: 3,
      genRuns: 1,
      siteEvents: 1_000,
      latencySamples: 50,
    }
  : {
      big: 1_000_000,
      runs: 5,
      dirtyRuns: 1,
      huge: 4_000_000,
      libLines: 200_000,
      libRounds: 4,
      peerSample: 4000,
      peerRounds: 20,
      startRuns: 5,
      compileRuns: 3,
      tinyRuns: 9,
      bigintRounds: 7,
      genRuns: 3,
      siteEvents: 10_000,
      latencySamples: 300,
    }
const SMALL = 100_000
const TINY = 10_000

const started = performance.now()
const loadAtStart = os.loadavg()[0]
const log = (msg) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)}s] ${msg}\n`)
const warnings = []
const warn = (msg) => {
  warnings.push(msg)
  process.stderr.write(`\n${'!'.repeat(78)}\n!! WARNING: ${msg}\n${'!'.repeat(78)}\n\n`)
}
const errors = []
const sizeName = (n) =>
  n >= 1_000_000
    ? `${n / 1_000_000 === 1 ? '' : n / 1_000_000 + '×'}10^6`
    : n === 100_000
      ? '10^5'
      : n === 10_000
        ? '10^4'
        : String(n)

/** Runs one measurement; a failure is recorded (and reported in the table), never thrown. */
async function measure(name, fn) {
  log(name)
  try {
    return await fn()
  } catch (err) {
    errors.push(`${name}: ${err instanceof Error ? err.message : String(err)}`)
    log(`  FAILED: ${err instanceof Error ? err.message : String(err)}`)
    return undefined
  }
}

const eps = (records, ms) => records / (ms / 1000)
const rel = (path) => relative(ROOT, path)

// ---------------------------------------------------------------------------------------------- environment
const cpus = os.cpus()
const env = {
  cpus: cpus.length,
  cpuModel: cpus[0]?.model.trim() ?? 'unknown',
  node: process.version,
  platform: `${process.platform}/${process.arch}`,
}
const help = spawnSync(process.execPath, [CLI, 'validate', '--help'], { cwd: ROOT, encoding: 'utf8' })
const hasJobs = /--jobs\b/.test(help.stdout ?? '')
const jobsDefault = /--jobs\b[^\n]*(?:\n(?!\s*-)[^\n]*)*?\(default:\s*"([^"]+)"\)/.exec(help.stdout ?? '')?.[1]
const defaults = hasJobs ? ` (default --jobs${jobsDefault === undefined ? '' : ` ${jobsDefault}`})` : ''

// ---------------------------------------------------------------------------------------------- inputs
log('building the catalog model and line templates')
const model = await loadModel()
const t = await buildTemplates(model)
const schemas = await writeSchemas(model)
log(
  `  ${t.templates.length} templates (${t.stats.catalogExamples} catalog examples, ${t.stats.fixtureLines} fixture lines)`,
)
const inputs = {}
for (const [key, variant, n] of [
  ['tiny', 'mixed', TINY],
  ['small', 'mixed', SMALL],
  ['smallDirty', 'dirty', SMALL],
  ['noi3d', 'noi3d', SMALL],
  ['big', 'mixed', C.big],
  ['bigDirty', 'dirty', C.big],
  ...(C.huge > 0 ? [['huge', 'mixed', C.huge]] : []),
]) {
  if (inputs[`${variant}-${n}`]) {
    inputs[key] = inputs[`${variant}-${n}`]
    continue
  }
  const r = await ensureInput(t, variant, n)
  log(
    `  ${rel(r.path)}: ${r.lines} lines, ${(r.bytes / 1e6).toFixed(0)} MB, ${r.reused ? 'reused' : 'generated'} in ${fmtMs(r.ms)}`,
  )
  inputs[key] = inputs[`${variant}-${n}`] = r
}

// The clean input must be 100% valid and the dirty one must have exactly the planted problems.
await measure('checking the inputs with evcat validate', async () => {
  for (const [inp, clean] of [
    [inputs.small, true],
    [inputs.smallDirty, false],
  ]) {
    const r = await runNode([CLI, 'validate', inp.path, '--format', 'json'], { capture: true })
    const summary = JSON.parse(r.stdout).summary
    const want = { total: inp.lines, ...inp.expected, unreadable: 0 }
    const same = Object.keys(want).every((k) => summary[k] === want[k])
    if (!same) {
      warn(
        `${rel(inp.path)}: evcat validate says ${JSON.stringify(summary)}, the generator planted ${JSON.stringify(want)}${clean ? ' (the clean input is not 100% valid: throughput numbers are not comparable)' : ''}`,
      )
    }
  }
})

// ---------------------------------------------------------------------------------------------- measurements
const R = {}

R.cold = await measure(
  `baseline and evcat validate, cold, ${sizeName(C.big)} lines (${C.runs} run(s) each, interleaved)`,
  async () => {
    const base = []
    const cli = []
    for (let i = 0; i < C.runs; i++) {
      base.push(await runChild('baseline.mjs', [inputs.big.path, 'evcat', '1']))
      const r = await runNode([CLI, 'validate', inputs.big.path, '--format', 'json'])
      if (r.code !== 0)
        throw new Error(`evcat validate exited ${r.code} on the clean input: ${r.stderr.trim().slice(0, 300)}`)
      cli.push(r)
    }
    // The spread of the interleaved runs says how far this machine's noise moves the ratios.
    const spread = (xs) => (Math.max(...xs) - Math.min(...xs)) / median(xs)
    const noise = Math.max(spread(base.map((b) => b.ms)), spread(cli.map((r) => r.ms)))
    if (C.runs > 1 && noise > 0.15) {
      warn(
        `noisy machine: the ${C.runs} cold runs of the baseline and of evcat validate spread by up to ${(noise * 100).toFixed(0)}% (max − min ÷ median); every ratio here is uncertain by about as much`,
      )
    }
    return {
      baseMs: median(base.map((b) => b.ms)),
      baseRecords: base[0].records,
      cliMs: median(cli.map((r) => r.ms)),
      cliRssKB: Math.max(...cli.map((r) => r.maxRssKB)),
    }
  },
)
const baseColdEps = R.cold ? eps(R.cold.baseRecords, R.cold.baseMs) : NaN

R.baseWarm = await measure('baseline, warm (second pass in one process)', async () => {
  const b = await runChild('baseline.mjs', [inputs.big.path, 'evcat', '2'])
  return { ms: b.passMs[1], records: b.records }
})
const baseWarmEps = R.baseWarm ? eps(R.baseWarm.records, R.baseWarm.ms) : NaN

R.bare = await measure('bare Buffer indexOf + JSON.parse, cold', async () => {
  const runs = []
  for (let i = 0; i < C.runs; i++) runs.push(await runChild('baseline.mjs', [inputs.big.path, 'bare', '1']))
  return { ms: median(runs.map((r) => r.ms)), records: runs[0].records }
})

R.dirty = await measure(`evcat validate, cold, ${sizeName(C.big)} lines with 1% invalid + 1% drift`, async () => {
  const runs = []
  for (let i = 0; i < C.dirtyRuns; i++) {
    const r = await runNode([CLI, 'validate', inputs.bigDirty.path, '--format', 'json'])
    if (r.code !== 1)
      throw new Error(
        `evcat validate exited ${r.code} on the dirty input (expected 1): ${r.stderr.trim().slice(0, 300)}`,
      )
    runs.push(r)
  }
  return { ms: median(runs.map((r) => r.ms)), rssKB: Math.max(...runs.map((r) => r.maxRssKB)) }
})

R.warm = await measure('evcat validateInputs, warm (second pass in one process)', async () => {
  const w = await runChild('warm.mjs', [inputs.big.path, '2'])
  if (w.summary.valid !== w.records) warn(`warm pass: ${w.records - w.summary.valid} of ${w.records} records not valid`)
  return { ms: w.passMs[1], firstMs: w.passMs[0], records: w.records }
})

R.lib = await measure(
  `library dispatcher loop over ${C.libLines} pre-parsed values (${C.libRounds} rounds)`,
  async () => {
    const l = await runChild('library.mjs', [inputs.big.path, String(C.libLines), String(C.libRounds)])
    return {
      dispatchEps: eps(l.records, median(l.dispatchMs.slice(1))),
      parseEps: eps(l.records, median(l.parseMs.slice(1))),
      firstEps: eps(l.records, l.dispatchMs[0]),
    }
  },
)

R.peer = await measure(`naive peer: ajv oneOf over ${schemas.events} events, ${C.peerSample}-line sample`, async () => {
  const p = await runChild('peer.mjs', [schemas.path, inputs.big.path, String(C.peerSample), String(C.peerRounds)])
  const later = p.evcatMs.slice(Math.floor(p.evcatMs.length / 2))
  return { ...p, peerEps: eps(p.records, p.peerMs), evcatEps: eps(p.records, median(later)) }
})

R.jobs = hasJobs
  ? await measure(`evcat validate --jobs 1 / --jobs 2, cold, ${sizeName(C.big)} lines`, async () => {
      const one = []
      const two = []
      for (let i = 0; i < C.runs; i++) {
        for (const [jobs, into] of [
          ['1', one],
          ['2', two],
        ]) {
          const r = await runNode([CLI, 'validate', inputs.big.path, '--format', 'json', '--jobs', jobs])
          if (r.code !== 0)
            throw new Error(`evcat validate --jobs ${jobs} exited ${r.code}: ${r.stderr.trim().slice(0, 300)}`)
          into.push(r)
        }
      }
      return {
        oneMs: median(one.map((r) => r.ms)),
        twoMs: median(two.map((r) => r.ms)),
        oneRssKB: Math.max(...one.map((r) => r.maxRssKB)),
        twoRssKB: Math.max(...two.map((r) => r.maxRssKB)),
      }
    })
  : undefined

R.startup = await measure('start-up: import the generated validators vs compile the catalog with ajv', async () => {
  const imp = []
  const comp = []
  for (let i = 0; i < C.startRuns; i++) imp.push((await runChild('startup-import.mjs')).importMs)
  let compiled = 0
  for (let i = 0; i < C.compileRuns; i++) {
    const c = await runChild('startup-compile.mjs', [schemas.path])
    comp.push(c.compileMs)
    compiled = c.compiled
  }
  return { importMs: median(imp), compileMs: median(comp), compiled }
})

R.tiny = await measure(`start-up: node -e '' vs evcat validate of a ${TINY}-line file`, async () => {
  const bare = []
  const cli = []
  for (let i = 0; i < C.tinyRuns; i++) {
    bare.push((await runNode(['-e', ''])).ms)
    const r = await runNode([CLI, 'validate', inputs.tiny.path, '--format', 'json'])
    if (r.code !== 0) throw new Error(`evcat validate exited ${r.code} on the ${TINY}-line input`)
    cli.push(r.ms)
  }
  return { nodeMs: median(bare), cliMs: median(cli) }
})

// Live input: one event written to `evcat validate -` on a pipe, timed until its problem line appears.
const LIVE = [
  ['jsonl', '1', 'a JSONL line'],
  ['json-pretty', '1', 'indented JSON and a blank line (json-concat)'],
  ['yaml', '1', 'an lxc monitor YAML document (ends at a pause)'],
  ['jsonl', '2', 'a JSONL line, --jobs 2'],
]
R.latency = await measure(
  `live latency: ${C.latencySamples} events each, one at a time, into evcat validate -`,
  async () => {
    const out = []
    for (const [shape, jobs, label] of LIVE) {
      const l = await runChild('latency.mjs', [shape, String(C.latencySamples), jobs])
      out.push({ label, samples: l.samples, median: median(l.latencyMs), p99: percentile(l.latencyMs, 99) })
    }
    return out
  },
)

const bigint = async (inp) => {
  const b = await runChild('bigint.mjs', [inp.path, String(SMALL), String(C.bigintRounds)])
  const jsonMs = median(b.jsonMs)
  const exactMs = median(b.exactMs)
  return { cost: exactMs / jsonMs, longLines: b.longLines, records: b.records }
}
R.bigNo = await measure('exact big integers: parseExact vs JSON.parse, stream without i3D', () => bigint(inputs.noi3d))
R.bigMixed = await measure('exact big integers: parseExact vs JSON.parse, mixed stream', () => bigint(inputs.small))

R.gen = await measure(`evcat generate of the whole catalog into a temp folder (${C.genRuns} run(s))`, async () => {
  // Interleaved with the reference: the same run with V8's own heap growing factor (EVCAT_HEAP_GROWING=0).
  const runs = []
  const v8Runs = []
  for (let i = 0; i < C.genRuns; i++) {
    for (const [into, env] of [
      [runs, {}],
      [v8Runs, { EVCAT_HEAP_GROWING: '0' }],
    ]) {
      const dir = mkdtempSync(join(os.tmpdir(), 'evcat-bench-gen-'))
      try {
        const r = await runNode([CLI, 'generate', '--out', join(dir, 'out')], { env })
        if (r.code !== 0) throw new Error(`evcat generate exited ${r.code}: ${r.stderr.trim().slice(0, 300)}`)
        into.push(r)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuS: median(runs.map((r) => r.cpuS)),
    rssKB: Math.max(...runs.map((r) => r.maxRssKB)),
    v8Ms: median(v8Runs.map((r) => r.ms)),
    v8CpuS: median(v8Runs.map((r) => r.cpuS)),
    v8RssKB: Math.max(...v8Runs.map((r) => r.maxRssKB)),
  }
})

R.check = await measure(`evcat generate --check on the committed out/ (${C.genRuns} run(s))`, async () => {
  const runs = []
  for (let i = 0; i < C.genRuns; i++) {
    const r = await runNode([CLI, 'generate', '--check', '--out', 'out'])
    if (r.code !== 0 && r.code !== 1)
      throw new Error(`evcat generate --check exited ${r.code}: ${r.stderr.trim().slice(0, 300)}`)
    runs.push(r)
  }
  if (runs.some((r) => r.code === 1))
    warn('evcat generate --check says the committed out/ is stale (exit 1); its time is still that of a full compare')
  return {
    ms: median(runs.map((r) => r.ms)),
    rssKB: Math.max(...runs.map((r) => r.maxRssKB)),
    stale: runs.some((r) => r.code === 1),
  }
})

R.checkFull = await measure(
  'evcat generate --check --full on the committed out/ (generates again and compares)',
  async () => {
    const r = await runNode([CLI, 'generate', '--check', '--full', '--out', 'out'])
    if (r.code !== 0 && r.code !== 1)
      throw new Error(`evcat generate --check --full exited ${r.code}: ${r.stderr.trim().slice(0, 300)}`)
    return { ms: r.ms, rssKB: r.maxRssKB }
  },
)

R.openGen = await measure(
  `generate pipeline without and with the open-format generators (${C.genRuns} run(s) each, interleaved)`,
  () => generateWithAndWithout(C.genRuns),
)
R.perGen = await measure(`time per generator, real catalog (${C.genRuns} run(s))`, () => perGenerator(C.genRuns))
R.site = await measure(`the site generator for a synthetic catalog of ${C.siteEvents} events`, () =>
  siteAtScale(C.siteEvents),
)

R.huge =
  C.huge > 0
    ? await measure(
        `peak RSS: evcat validate of ${sizeName(C.huge)} lines (${(inputs.huge.bytes / 1e9).toFixed(2)} GB)`,
        async () => {
          const r = await runNode([CLI, 'validate', inputs.huge.path, '--format', 'json'])
          if (r.code !== 0) throw new Error(`evcat validate exited ${r.code} on the ${sizeName(C.huge)}-line input`)
          return { ms: r.ms, rssKB: r.maxRssKB }
        },
      )
    : undefined

// ---------------------------------------------------------------------------------------------- table
const rows = []
const NA = { value: 'n/a', ratio: '—', met: 'n/a' }
const row = (section, label, r, target, x) =>
  rows.push({ section, label, ...(r === undefined ? { ...NA, value: 'error' } : x), target })
const yes = (ok) => (ok ? 'yes' : '**no**')
const BIG = sizeName(C.big)

let s = 'Throughput (events/s ÷ the parse-only baseline of this run)'
row(
  s,
  `parse-only baseline, cold (evcat's splitter + JSON.parse), ${BIG} lines`,
  R.cold,
  '—',
  R.cold && { value: fmtRate(baseColdEps), ratio: '1.00×', met: '—' },
)
row(
  s,
  'parse-only baseline, warm (second pass)',
  R.baseWarm,
  '—',
  R.baseWarm && { value: fmtRate(baseWarmEps), ratio: '1.00× (warm ref.)', met: '—' },
)
row(
  s,
  'bare Buffer indexOf + JSON.parse, cold (reference)',
  R.bare,
  '—',
  R.bare && {
    value: fmtRate(eps(R.bare.records, R.bare.ms)),
    ratio: fmtX(eps(R.bare.records, R.bare.ms) / baseColdEps),
    met: '—',
  },
)
if (R.cold) {
  const x = eps(R.cold.baseRecords, R.cold.cliMs) / baseColdEps
  row(s, `evcat validate, cold (fresh process, JSON report)${defaults}, ${BIG} lines`, R.cold, '≥ 0.5×', {
    value: fmtRate(eps(R.cold.baseRecords, R.cold.cliMs)),
    ratio: fmtX(x),
    met: yes(x >= 0.5),
  })
} else row(s, `evcat validate, cold, ${BIG} lines`, undefined, '≥ 0.5×')
row(
  s,
  `evcat validate, cold${defaults}, ${BIG} lines, 1% invalid + 1% drift`,
  R.dirty,
  '—',
  R.dirty && {
    value: fmtRate(eps(inputs.bigDirty.lines, R.dirty.ms)),
    ratio: fmtX(eps(inputs.bigDirty.lines, R.dirty.ms) / baseColdEps),
    met: '—',
  },
)
row(
  s,
  'evcat validateInputs, warm (second pass; × warm baseline)',
  R.warm,
  '—',
  R.warm && {
    value: fmtRate(eps(R.warm.records, R.warm.ms)),
    ratio: fmtX(eps(R.warm.records, R.warm.ms) / baseWarmEps),
    met: '—',
  },
)
row(
  s,
  `library dispatcher alone, pre-parsed values (× JSON.parse alone: ${R.lib ? fmtRate(R.lib.parseEps) : '?'})`,
  R.lib,
  '—',
  R.lib && { value: fmtRate(R.lib.dispatchEps), ratio: fmtX(R.lib.dispatchEps / R.lib.parseEps), met: '—' },
)
row(
  s,
  `naive peer: JSON.parse + ajv oneOf of ${schemas.events} events (× warm baseline)`,
  R.peer,
  '—',
  R.peer && { value: fmtRate(R.peer.peerEps), ratio: fmtX(R.peer.peerEps / baseWarmEps, 4), met: '—' },
)
row(
  s,
  'evcat ÷ naive peer (parseExact + dispatcher, same sample, warmed)',
  R.peer,
  '≥ 40×',
  R.peer && {
    value: `${(R.peer.evcatEps / R.peer.peerEps).toFixed(0)}× faster`,
    ratio: fmtX(R.peer.evcatEps / baseWarmEps),
    met: yes(R.peer.evcatEps / R.peer.peerEps >= 40),
  },
)
if (!hasJobs) {
  row(s, 'evcat validate --jobs 2 ÷ --jobs 1, cold', {}, '≥ 1.3×', {
    ...NA,
    value: 'n/a (no --jobs in `evcat validate --help`)',
  })
} else if (R.jobs) {
  const x = R.jobs.oneMs / R.jobs.twoMs
  row(s, `evcat validate --jobs 1, cold, ${BIG} lines`, R.jobs, '—', {
    value: fmtRate(eps(inputs.big.lines, R.jobs.oneMs)),
    ratio: fmtX(eps(inputs.big.lines, R.jobs.oneMs) / baseColdEps),
    met: '—',
  })
  row(s, `evcat validate --jobs 2, cold, ${BIG} lines (ratio: ÷ --jobs 1)`, R.jobs, '≥ 1.3×', {
    value: fmtRate(eps(inputs.big.lines, R.jobs.twoMs)),
    ratio: fmtX(x),
    met: yes(x >= 1.3),
  })
} else row(s, 'evcat validate --jobs 2 ÷ --jobs 1', undefined, '≥ 1.3×')

s = 'Start-up'
row(
  s,
  `import the generated validators (${schemas.events} events)`,
  R.startup,
  '—',
  R.startup && { value: fmtMs(R.startup.importMs), ratio: '1.00×', met: '—' },
)
row(
  s,
  `compile the catalog with ajv at run time (${R.startup?.compiled ?? '?'} schemas; ratio: ÷ import)`,
  R.startup,
  '≥ 10×',
  R.startup && {
    value: fmtMs(R.startup.compileMs),
    ratio: fmtX(R.startup.compileMs / R.startup.importMs, 1),
    met: yes(R.startup.compileMs / R.startup.importMs >= 10),
  },
)
row(s, "`node -e ''`", R.tiny, '—', R.tiny && { value: fmtMs(R.tiny.nodeMs), ratio: '1.00×', met: '—' })
row(
  s,
  `evcat validate of a ${TINY}-line file, cold (ratio: ÷ node -e '')`,
  R.tiny,
  '≤ 3×',
  R.tiny && {
    value: fmtMs(R.tiny.cliMs),
    ratio: fmtX(R.tiny.cliMs / R.tiny.nodeMs, 1),
    met: yes(R.tiny.cliMs / R.tiny.nodeMs <= 3),
  },
)

s = 'Live input (an event written to `evcat validate -` on a pipe → its problem line; median / p99)'
for (const [i, [, , label]] of LIVE.entries()) {
  const l = R.latency?.[i]
  row(
    s,
    `${label}, ${C.latencySamples} events`,
    R.latency,
    'p99 ≤ 100 ms',
    l && {
      value: `${fmtMs(l.median)} / ${fmtMs(l.p99)}`,
      ratio: '—',
      met: yes(l.p99 <= 100),
    },
  )
}

s = 'Exact big integers (parseExact time ÷ JSON.parse time; ratio: events/s ÷ JSON.parse)'
row(
  s,
  `no long numbers: mixed without i3D (${R.bigNo?.longLines ?? '?'} lines have a 16-digit run inside a hex string)`,
  R.bigNo,
  '≤ 1.2× cost',
  R.bigNo && {
    value: `${R.bigNo.cost.toFixed(2)}× cost`,
    ratio: fmtX(1 / R.bigNo.cost),
    met: yes(R.bigNo.cost <= 1.2),
  },
)
row(
  s,
  `mixed stream (${R.bigMixed?.longLines ?? '?'} of ${R.bigMixed?.records ?? '?'} lines with 16+ digits)`,
  R.bigMixed,
  '—',
  R.bigMixed && { value: `${R.bigMixed.cost.toFixed(2)}× cost`, ratio: fmtX(1 / R.bigMixed.cost), met: '—' },
)

s = 'Generation (absolute: the targets are absolute)'
row(
  s,
  'evcat generate, whole catalog, into an empty folder',
  R.gen,
  '< 3 s, < 300 MB',
  R.gen && {
    value: `${fmtMs(R.gen.ms)}, ${fmtMB(R.gen.rssKB)}`,
    ratio: '—',
    met: yes(R.gen.ms < 3000 && R.gen.rssKB < 300 * 1024),
  },
)
row(
  s,
  'evcat generate, whole catalog: CPU time (user + sys; other processes on the machine change it less than wall time)',
  R.gen,
  '—',
  R.gen && { value: `${R.gen.cpuS.toFixed(2)} s`, ratio: '—', met: '—' },
)
row(
  s,
  "the same with V8's own heap growing factor (EVCAT_HEAP_GROWING=0; reference: evcat fixes it at 1.5; ratio: CPU time ÷ evcat's)",
  R.gen,
  '—',
  R.gen && {
    value: `${fmtMs(R.gen.v8Ms)}, ${fmtMB(R.gen.v8RssKB)}, ${R.gen.v8CpuS.toFixed(2)} s CPU`,
    ratio: fmtX(R.gen.v8CpuS / R.gen.cpuS),
    met: '—',
  },
)
row(
  s,
  `evcat generate --check, nothing changed${R.check?.stale ? ' (out/ was stale!)' : ''}`,
  R.check,
  '< 2 s',
  R.check && { value: `${fmtMs(R.check.ms)}, ${fmtMB(R.check.rssKB)}`, ratio: '—', met: yes(R.check.ms < 2000) },
)
row(
  s,
  'evcat generate --check --full (always generates again; what CI runs)',
  R.checkFull,
  '—',
  R.checkFull && { value: `${fmtMs(R.checkFull.ms)}, ${fmtMB(R.checkFull.rssKB)}`, ratio: '—', met: '—' },
)

s = 'Open formats: JSON Schema, AsyncAPI, the docs site (absolute)'
row(
  s,
  'generate pipeline without schemas, asyncapi and site',
  R.openGen,
  '—',
  R.openGen && { value: `${fmtMs(R.openGen.baseMs)}, ${fmtMB(R.openGen.baseRssKB)}`, ratio: '1.00×', met: '—' },
)
row(
  s,
  'generate pipeline with them (ratio: time ÷ without)',
  R.openGen,
  '—',
  R.openGen && {
    value: `${fmtMs(R.openGen.allMs)}, ${fmtMB(R.openGen.allRssKB)}`,
    ratio: fmtX(R.openGen.allMs / R.openGen.baseMs),
    met: '—',
  },
)
row(
  s,
  'time per generator, in one process, real catalog',
  R.perGen,
  '—',
  R.perGen && {
    value: Object.entries(R.perGen)
      .map(([name, ms]) => `${name} ${fmtMs(ms)}`)
      .join(', '),
    ratio: '—',
    met: '—',
  },
)
row(
  s,
  `the site of a synthetic catalog of ${R.site?.events ?? C.siteEvents} events (${R.site?.pages ?? '?'} pages, ${R.site ? fmtMB(R.site.bytes / 1024) : '?'}): generate and write page by page, in a process holding the model and fixtures (peak once read, every generator imported: ${R.site ? fmtMB(R.site.inputRssKB) : '?'}); peak RSS`,
  R.site,
  '< 300 MB',
  R.site && {
    value: `${fmtMs(R.site.siteMs + R.site.writeMs)}, ${fmtMB(R.site.maxRssKB)}`,
    ratio: '—',
    met: yes(R.site.maxRssKB < 300 * 1024),
  },
)
row(
  s,
  "the same with V8's own heap growing factor (EVCAT_HEAP_GROWING=0; reference: evcat fixes it at 1.5); peak RSS",
  R.site,
  '—',
  R.site && { value: fmtMB(R.site.smallRssKB), ratio: '—', met: '—' },
)
row(
  s,
  `before it, the same catalog loaded, checked and modelled (${R.site ? fmtMs(R.site.catalogMs) : '?'}) and its fixtures built (${R.site ? fmtMs(R.site.fixturesMs) : '?'}); peak RSS`,
  R.site,
  '—',
  R.site && { value: `${fmtMs(R.site.prepareMs)}, ${fmtMB(R.site.prepareRssKB)}`, ratio: '—', met: '—' },
)

s = 'Memory (peak RSS of evcat validate, cold)'
row(
  s,
  `${BIG} lines (${(inputs.big.bytes / 1e6).toFixed(0)} MB)${defaults}`,
  R.cold,
  '< 160 MB',
  R.cold && { value: fmtMB(R.cold.cliRssKB), ratio: '1.00×', met: yes(R.cold.cliRssKB < 160 * 1024) },
)
if (R.jobs) {
  row(s, `${BIG} lines, --jobs 1 / --jobs 2`, R.jobs, '< 160 MB', {
    value: `${fmtMB(R.jobs.oneRssKB)} / ${fmtMB(R.jobs.twoRssKB)}`,
    ratio: '—',
    met: yes(Math.max(R.jobs.oneRssKB, R.jobs.twoRssKB) < 160 * 1024),
  })
}
if (R.huge) {
  const growth = R.cold ? R.huge.rssKB / R.cold.cliRssKB : NaN
  row(
    s,
    `${sizeName(C.huge)} lines (${(inputs.huge.bytes / 1e9).toFixed(2)} GB)${defaults}; ratio: ÷ ${BIG}`,
    R.huge,
    '< 160 MB, flat',
    { value: fmtMB(R.huge.rssKB), ratio: fmtX(growth), met: yes(R.huge.rssKB < 160 * 1024 && growth <= 1.15) },
  )
} else if (C.huge === 0) row(s, '4× larger file', {}, '< 160 MB, flat', { ...NA, value: 'skipped (--quick)' })
else row(s, '4× larger file', undefined, '< 160 MB, flat')

const totalS = (performance.now() - started) / 1000
let table = '| measurement | value | ratio | target | met? |\n|---|---:|---:|---|---|\n'
let section = ''
for (const r of rows) {
  if (r.section !== section) {
    section = r.section
    table += `| **${section}** | | | | |\n`
  }
  table += `| ${r.label.replaceAll('|', '\\|')} | ${r.value} | ${r.ratio} | ${r.target} | ${r.met} |\n`
}

const bucketShares = Object.entries(WEIGHTS)
  .map(([b, w]) => `${b} ${(w * 100).toFixed(1).replace(/\.0$/, '')}%`)
  .join(', ')
const header = [
  `# evcat benchmark results${quick ? ' (--quick)' : ''}`,
  '',
  `Written by \`npm run bench${quick ? ' -- --quick' : ''}\`. Machine: ${env.cpus} CPUs (${env.cpuModel}), Node ${env.node}, ${env.platform}; ` +
    `1-minute load average at the start: ${loadAtStart.toFixed(2)}. The run took ${totalS.toFixed(0)} s.`,
  '',
  `Input: a mixed capture of ${inputs.big.lines} lines (${(inputs.big.bytes / 1e6).toFixed(0)} MB), drawn with a seeded PRNG from ` +
    `${t.templates.length} templates (${t.stats.catalogExamples} catalog wire examples${t.stats.fixtureLines > 0 ? `, ${t.stats.fixtureLines} lines of out/fixtures` : ''}) ` +
    `over ${new Set(t.templates.map((x) => `${x.family}/${x.event}`)).size} events: ${bucketShares}. The dirty variant has ` +
    `${inputs.bigDirty.expected.invalid} invalid and ${inputs.bigDirty.expected.drift} drift lines.`,
  '',
]
const notes = [
  '',
  ...(warnings.length > 0 ? ['**Warnings:**', '', ...warnings.map((w) => `- ${w}`), ''] : []),
  ...(errors.length > 0 ? ['**Measurements that failed to run:**', '', ...errors.map((e) => `- ${e}`), ''] : []),
]
const how = `## How measured

- **Ratios, not times.** Throughput rows are events/s ÷ the parse-only baseline measured in the same run
  (cold rows against the cold baseline, warm rows against the warm one). Only start-up, generation and memory,
  whose targets are absolute, show times or MB.
- **Cold** is a fresh \`node\` process timed by the parent from spawn to exit (start-up, imports and, for
  evcat, the validators' freshness check included), median of ${C.runs} run(s). The baseline child is timed the same way.
  **Warm** is the second pass over the same file in one process, timed inside it.
- **Baseline**: evcat's own reader (\`openInput\` + \`readRecords\`, jsonl) and \`JSON.parse\` of every record, so the only
  difference to \`evcat validate\` is the validation. \`evcat validate FILE --format json\` writes its report to /dev/null.
- **Library**: \`createDispatcher\` over the generated tables, on values parsed beforehand, against \`JSON.parse\` of the same lines
  (median of the rounds after the first).
- **Naive peer**: one \`new Ajv({allErrors: true, strict: false})\` + ajv-formats compiling \`{oneOf: [every event's composed schema]}\`
  with every family's definitions (compile time: ${R.peer ? fmtMs(R.peer.compileMs) : 'n/a'}), JSON.parse + validate over the
  first ${C.peerSample} lines after a 200-line warm-up (it judged ${R.peer?.peerValid ?? '?'} of them valid). evcat runs parseExact + dispatcher over the same
  lines ${C.peerRounds} times; the median of the later half is compared.
- **Start-up**: \`await import('out/validators/index.js')\` in a fresh process (median of ${C.startRuns}) against importing ajv and compiling the
  generator's own schemas (envelope, groups, events, definitions; \`createPayloadAjv\`) in a fresh process (median of ${C.compileRuns});
  building the catalog model is not counted. \`node -e ''\` and \`evcat validate\` of the first ${TINY} lines are timed like cold runs (median of ${C.tinyRuns}).
- **Live latency**: \`bench/child/latency.mjs\` starts \`evcat validate - --format jsonl\` with its standard input on a pipe and
  writes one drift event at a time (${C.latencySamples} of them after 5 to warm up, 5–25 ms apart, drawn with a seeded PRNG),
  timing from the write to the problem line on its standard output. A YAML document ends only where the next one starts, or at
  a pause of 20 ms in the input, so its latency includes that pause. Median and 99th percentile (nearest rank).
- **Big integers**: \`parseExact\` against \`JSON.parse\` over the same ${SMALL} lines, alternating, median of ${C.bigintRounds} rounds each.
- **Generation**: \`evcat generate --out <empty temp folder>\` and \`evcat generate --check\` against the committed out/ (which the manifest's
  input fingerprint proves fresh without generating), median of ${C.genRuns}; \`--check --full\` once. CPU time is the child's user + system
  seconds (\`/usr/bin/time\` \`%U\` + \`%S\`), median of the same runs.
- **Open formats**: \`bench/child/generate.mjs\` runs generate's pipeline as the CLI does (load, check, model, generators streamed into the staging folder, the swap) with and
  without the schemas, asyncapi and site generators, interleaved, median of ${C.genRuns}; \`bench/child/generators.mjs\` times each
  generator in one process. The site row writes a synthetic catalog of ${C.siteEvents} events (\`bench/lib/synthetic-catalog.mjs\`,
  one family, groups of 200, 6 fields each, with evidence on every constraint and versions on a third of the events and one field); \`bench/child/site-prepare.mjs\` loads it and builds the model and fixtures (a real
  generate builds the fixtures anyway) and hands them over with v8.serialize to \`bench/child/site.mjs\`, which generates
  the site one page at a time (\`siteFileStream\`) and writes each page into the staging folder as it is made
  (\`writeOutputStream\`: only hashes are kept for the manifest, then the swap): its peak RSS is the site's cost on top of
  evcat's modules and the model and fixtures it reads, whose share is in the row. What is left above that share is garbage
  V8 has not collected yet (it lets the old generation grow to a multiple of the live heap, which the 10,000-event model
  makes large): the site child fixes V8's heap growing factor as \`evcat generate\` does (\`src/cli/heap.ts\`), and the
  reference row runs it with V8's own factor. The row after the reference is the preparing process.
- **Heap growing**: \`evcat generate\` fixes V8's heap growing factor at 1.5; the reference rows run the same with
  \`EVCAT_HEAP_GROWING=0\` (V8's own factor, up to 4×), interleaved with evcat's runs.
- **Peak RSS** is the child's maximum resident set size (${gnuTime ? '`/usr/bin/time -f %M`' : '`process.resourceUsage().maxRSS` at exit'}), the largest of its runs.
- Inputs are generated into bench/data/ (gitignored) and reused while their size and sha256 match.
  No row can fail the run: a missed target is a **no**, never an exit code.
`
const results = header.join('\n') + '\n' + table + notes.join('\n') + '\n' + how
const resultsPath = quick ? join(DATA, 'RESULTS-quick.md') : join(BENCH, 'RESULTS.md')
mkdirSync(DATA, { recursive: true })
// The benchmarks run below keep their own sections (between markers) in the same file: carry them over.
writeFileSync(resultsPath, [results, ...sectionsOf(resultsPath)].join('\n'))
process.stdout.write(
  '\n' +
    header.join('\n') +
    '\n' +
    table +
    notes.join('\n') +
    `\nWrote ${rel(resultsPath)} (${totalS.toFixed(0)} s).\n`,
)
// The mock servers' load and the competing consumers each write their own section into the same file.
for (const script of ['mock.mjs', 'consumers.mjs']) {
  const child = spawnSync(process.execPath, [join(BENCH, script), ...(quick ? ['--quick'] : [])], { stdio: 'inherit' })
  if (child.status !== 0) errors.push(`bench/${script} failed`)
}
process.exit(errors.length > 0 ? 1 : 0)
