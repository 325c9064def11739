// Live latency of `evcat validate -`: `node latency.mjs SHAPE SAMPLES [JOBS]`. Starts the CLI with its standard
// input on a pipe, as `lxc monitor | evcat validate -` has it, then, SAMPLES times: writes one drift event in one
// write, and times until its problem line appears on the CLI's standard output. Between samples it waits 5–25 ms
// (drawn with a seeded PRNG), so every event arrives alone, as on a quiet monitor. The first 5 samples warm up.
// SHAPE: jsonl (one line), json-pretty (indented JSON and a blank line: json-concat), yaml (lxc monitor YAML and
// two blank lines: a document ends at a pause). Prints {samples, latencyMs: [...]}.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Rng } from 'evcat'
import { CLI, ROOT } from '../lib/paths.mjs'

const [shape, samplesArg = '100', jobs = '1'] = process.argv.slice(2)
const WARM_UP = 5
const frames = readFileSync(join(ROOT, 'test/fixtures/lxd/monitor-5.0.2.json.txt'), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
const yaml = readFileSync(join(ROOT, 'test/fixtures/lxd/monitor-5.0.2.yaml.txt'), 'utf8').split('\n\n\n')
const drift = (i) => ({ ...JSON.parse(frames[i % frames.length]), type: 'latency-test' })
const frame = {
  jsonl: (i) => `${JSON.stringify(drift(i))}\n`,
  'json-pretty': (i) => `${JSON.stringify(drift(i), null, '\t')}\n\n`,
  yaml: (i) => `${yaml[i % (yaml.length - 1)].replace(/^type: .*$/m, 'type: latency-test')}\n\n\n`,
}[shape]
if (frame === undefined) throw new Error(`unknown shape ${shape}`)

const child = spawn(process.execPath, [CLI, 'validate', '-', '--format', 'jsonl', '--jobs', jobs], {
  cwd: ROOT,
  stdio: ['pipe', 'pipe', 'inherit'],
})
let lines = 0
let waiting
child.stdout.on('data', (d) => {
  for (const b of d) if (b === 10) lines++
  waiting?.()
})
const until = (n) =>
  new Promise((resolve) => {
    waiting = () => lines >= n && resolve()
    waiting()
  })

const rng = new Rng(`latency/${shape}`)
const ms = []
const total = Number(samplesArg) + WARM_UP
for (let i = 0; i < total; i++) {
  const t0 = performance.now()
  child.stdin.write(frame(i))
  await until(i + 1)
  if (i >= WARM_UP) ms.push(performance.now() - t0)
  await new Promise((resolve) => setTimeout(resolve, rng.int(5, 25)))
}
child.stdin.end()
await new Promise((resolve) => child.on('close', resolve))
console.log(JSON.stringify({ samples: ms.length, latencyMs: ms }))
