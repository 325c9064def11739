#!/usr/bin/env node
// Where the time goes: `npm run bench:profile [-- FILE]`. Profiles one cold `validateInputs` pass over the
// bench's 10^6-line capture (or FILE) with V8's sampling profiler, and one `evcat generate` stage by stage,
// and prints the shares as Markdown. It explains the benchmark's ratios; it measures no target of its own.
import { Session } from 'node:inspector/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DATA, ROOT, rootUrl } from './lib/paths.mjs'

const file = process.argv[2] ?? join(DATA, 'mixed-1000000.jsonl')
if (!existsSync(file)) {
  console.error(`no ${file}: run "npm run bench" first (it generates the inputs), or pass a JSONL file`)
  process.exit(2)
}

/** Self time per category, from a CPU profile: which code the samples were in. */
function categorize(profile, rules) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const out = new Map()
  let total = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const { functionName, url } = byId.get(profile.samples[i]).callFrame
    const rule = rules.find(([, test]) => test(functionName, url))
    const name = rule?.[0] ?? 'other'
    out.set(name, (out.get(name) ?? 0) + profile.timeDeltas[i])
    total += profile.timeDeltas[i]
  }
  return { total, rows: [...out].sort((a, b) => b[1] - a[1]) }
}

const session = new Session()
session.connect()
await session.post('Profiler.enable')

// ------------------------------------------------------------------------------------------ validate
const { validateInputs } = await import('evcat')
const { tables } = await import(rootUrl('out/validators/index.js'))
await session.post('Profiler.start')
const t0 = performance.now()
const report = await validateInputs([file], tables, {})
const validateMs = performance.now() - t0
const { profile: vp } = await session.post('Profiler.stop')
const v = categorize(vp, [
  [
    'parseExact (the exact parse, for families with big integers)',
    (f, u) => f === 'parseExact' && u.includes('runtime/parse'),
  ],
  ['exactness scan (hasLongDigitRun, markBigIntegers)', (f, u) => u.includes('runtime/parse')],
  ['date-time check', (f, u) => u.includes('runtime/date-time')],
  [
    'ajv validators (generated code, incl. inlined into run)',
    (f, u) =>
      u.includes('/out/validators/') || (f === 'run' && u.includes('runtime/dispatch')) || f.startsWith('RegExp:'),
  ],
  [
    'dispatcher (family, discriminator tree, verdicts)',
    (f, u) => u.includes('runtime/dispatch') || u.includes('runtime/pointer'),
  ],
  // JSON.parse is a builtin: its time is the self time of the function that calls it, judge (validate/run.ts).
  [
    'judge and tally, with the JSON.parse it calls',
    (f, u) => u.includes('validate/run') || u.includes('validate/tally'),
  ],
  [
    'reading, splitting, decoding lines',
    (f, u) =>
      u.includes('validate/input') ||
      u.startsWith('node:buffer') ||
      f === 'utf8Slice' ||
      f === 'isUtf8' ||
      u.includes('streams/'),
  ],
  ['garbage collector', (f) => f === '(garbage collector)'],
])

// ------------------------------------------------------------------------------------------ generate
const lap = (() => {
  let t = performance.now()
  return () => {
    const now = performance.now()
    const ms = now - t
    t = now
    return ms
  }
})()
const stages = []
const { loadCatalog, validateCatalog, buildModel } = await import('evcat')
stages.push(['import the loader and checker', lap()])
const raw = await loadCatalog(join(ROOT, 'catalog'))
stages.push(['load (YAML with positions)', lap()])
const checked = validateCatalog(raw)
stages.push(['check (meta-schemas, ajv compile of every event, examples)', lap()])
const model = buildModel(checked)
stages.push(['model', lap()])
const { defaultGenerators } = await import('evcat/generators')
stages.push(['import the generators (typescript, prettier, json-schema-to-typescript, handlebars)', lap()])
const files = []
for (const g of defaultGenerators) {
  files.push(...(await g.generate(model, g.defaults, files)))
  stages.push([`generator: ${g.name}`, lap()])
}
const generateMs = stages.reduce((a, [, ms]) => a + ms, 0)

const pct = (x, of) => `${((100 * x) / of).toFixed(0)}%`
let md = `# Where the time goes\n\nWritten by \`npm run bench:profile\` (Node ${process.version}); V8 sampling profiler, self time.\n\n`
md += `## evcat validate: one cold pass over ${report.summary.total} lines (${(validateMs / 1000).toFixed(2)} s in process)\n\n| where | share |\n|---|---:|\n`
for (const [name, us] of v.rows) md += `| ${name} | ${pct(us, v.total)} |\n`
md += `\n## evcat generate: ${(generateMs / 1000).toFixed(2)} s in process (plus Node start-up)\n\n| stage | time | share |\n|---|---:|---:|\n`
for (const [name, ms] of stages) md += `| ${name} | ${(ms / 1000).toFixed(2)} s | ${pct(ms, generateMs)} |\n`
process.stdout.write(md)
