#!/usr/bin/env node
// Scale-out benchmark: `npm run bench:consumers` (full) or `-- --quick` (CI smoke). N messages on one queue of a
// private RabbitMQ node, consumed by 1, 2 and 3 competing `evcat tap amqp://… --queue Q --validate` processes,
// each writing its own capture and JSON report. Throughput is reported as a ratio to one consumer measured in
// the same run (rounds interleaved, medians). Full mode also varies --prefetch for one consumer, and times
// `evcat validate` on the same lines from a file as the reference without a broker. It never fails on a slow
// machine; it exits 1 only when a measurement could not run (no rabbitmq-server: it says so and exits 0).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { register } from 'node:module'
import os from 'node:os'
import { join, relative } from 'node:path'
import amqp from 'amqplib'
import { BENCH, CLI, DATA, ROOT } from './lib/paths.mjs'
import { writeSection } from './lib/sections.mjs'
import { fmtRate, fmtX, median } from './lib/stats.mjs'

// The tests' private-broker harness is TypeScript and no library entry (it is test infrastructure): the tests' own
// module hooks run it as it is, so the bench and the tests start RabbitMQ with the same code.
register('../test/support/ts-hooks.mjs', import.meta.url)
const { rabbitInstalled, startRabbit } = await import('../test/helpers/rabbitmq.ts')

const args = process.argv.slice(2)
const quick = args.includes('--quick')
if (args.some((a) => a !== '--quick')) {
  console.error('usage: npm run bench:consumers [-- --quick]')
  process.exit(2)
}
const N = quick ? 20_000 : 200_000
const ROUNDS = quick ? 1 : 3
const PREFETCH = 500 // the CLI's default
const started = performance.now()
const loadAtStart = os.loadavg()[0]
const log = (m) =>
  process.stderr.write(`[consumers ${((performance.now() - started) / 1000).toFixed(0).padStart(3)}s] ${m}\n`)

if (!rabbitInstalled()) {
  console.log('bench:consumers skipped: needs Debian rabbitmq-server (apt-get install -y rabbitmq-server)')
  process.exit(0)
}

/** N fixture lines (all four families, valid, as `evcat fixtures` mixes them), made once and reused. */
function input() {
  mkdirSync(DATA, { recursive: true })
  const file = join(DATA, `consumers-${N}.jsonl`)
  if (!existsSync(file)) {
    const r = spawnSync(process.execPath, [CLI, 'fixtures', '--count', String(N), '--seed', '9'], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    })
    if (r.status !== 0) throw new Error(`evcat fixtures failed: ${r.stderr}`)
    writeFileSync(file, r.stdout)
  }
  return file
}

/** Fills the emptied queue with the lines (amqplib, confirm channel; not timed). */
async function fill(url, queue, bodies) {
  const conn = await amqp.connect(url)
  const ch = await conn.createConfirmChannel()
  await ch.assertQueue(queue, { durable: false })
  // Anything a stopped consumer left behind would be counted twice.
  await ch.purgeQueue(queue)
  for (let i = 0; i < bodies.length; i++) {
    if (!ch.sendToQueue(queue, bodies[i], { messageId: `m${i + 1}` })) await new Promise((r) => ch.once('drain', r))
    if (i % 5000 === 4999) await ch.waitForConfirms()
  }
  await ch.waitForConfirms()
  await conn.close()
}

/** K consumers drain the queue; resolves with events/s from spawn until every line is written. */
async function drain(url, queue, k, prefetch, totalBytes) {
  const dir = mkdtempSync(join(os.tmpdir(), 'evcat-bench-consumers-'))
  const outs = Array.from({ length: k }, (_, i) => join(dir, `c${i}.jsonl`))
  const t0 = performance.now()
  const children = outs.map((out, i) =>
    spawn(
      process.execPath,
      [
        CLI,
        'tap',
        url,
        '--queue',
        queue,
        '--prefetch',
        String(prefetch),
        '--validate',
        '--out',
        out,
        '--report',
        join(dir, `c${i}.json`),
        '--meta',
        join(dir, `c${i}.meta`),
      ],
      { cwd: ROOT, stdio: 'ignore' },
    ),
  )
  const size = (f) => (existsSync(f) ? statSync(f).size : 0)
  while (outs.reduce((s, f) => s + size(f), 0) < totalBytes) {
    if (children.some((c) => c.exitCode !== null)) throw new Error('a consumer exited early')
    await new Promise((r) => setTimeout(r, 10))
  }
  const ms = performance.now() - t0
  await Promise.all(children.map((c) => new Promise((r) => (c.on('close', r), c.kill('SIGTERM')))))
  rmSync(dir, { recursive: true, force: true })
  return N / (ms / 1000)
}

/** `evcat validate` of the same lines from a file, spawn to exit (the reference without a broker). */
function validateFile(file) {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [CLI, 'validate', file, '--format', 'json'], { cwd: ROOT, stdio: 'ignore' })
  if (r.status !== 0) throw new Error(`evcat validate exited ${r.status}`)
  return N / ((performance.now() - t0) / 1000)
}

const file = input()
const bodies = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => Buffer.from(l))
const totalBytes = bodies.reduce((s, b) => s + b.length + 1, 0)
log(`starting a private rabbitmq-server; ${N} messages, ${ROUNDS} round(s)`)
const node = await startRabbit()
const rates = { 1: [], 2: [], 3: [] }
const prefetchRates = { 100: [], 2000: [] }
const fileRates = []
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved, and the order turned each round, so drift of the machine spreads over every row.
    const order = round % 2 === 0 ? [1, 2, 3] : [3, 2, 1]
    for (const k of order) {
      await fill(node.url, 'bench', bodies)
      rates[k].push(await drain(node.url, 'bench', k, PREFETCH, totalBytes))
      log(`round ${round + 1}: ${k} consumer(s) ${fmtRate(rates[k].at(-1))}`)
    }
    if (!quick) {
      for (const p of [100, 2000]) {
        await fill(node.url, 'bench', bodies)
        prefetchRates[p].push(await drain(node.url, 'bench', 1, p, totalBytes))
        log(`round ${round + 1}: 1 consumer, --prefetch ${p} ${fmtRate(prefetchRates[p].at(-1))}`)
      }
      fileRates.push(validateFile(file))
    }
  }
} finally {
  await node.stop()
}

const one = median(rates[1])
const rows = [
  ['1 consumer (the baseline)', one, 1],
  ['2 consumers', median(rates[2]), median(rates[2]) / one],
  ['3 consumers', median(rates[3]), median(rates[3]) / one],
]
if (!quick) {
  rows.push([
    '1 consumer, --prefetch 100 (ratio: ÷ the default --prefetch 500)',
    median(prefetchRates[100]),
    median(prefetchRates[100]) / one,
  ])
  rows.push([
    '1 consumer, --prefetch 2000 (ratio: ÷ the default --prefetch 500)',
    median(prefetchRates[2000]),
    median(prefetchRates[2000]) / one,
  ])
  rows.push([
    '`evcat validate` of the same lines from a file (reference, no broker)',
    median(fileRates),
    median(fileRates) / one,
  ])
}
const table =
  '| measurement | throughput | ratio to 1 consumer |\n|---|---:|---:|\n' +
  rows.map(([label, eps, x]) => `| ${label} | ${fmtRate(eps)} | ${fmtX(x)} |`).join('\n') +
  '\n'
const section = `## Scale-out: competing consumers on one RabbitMQ queue

Written by \`npm run bench\` (or \`npm run bench:consumers\` alone). Machine: ${os.cpus().length} CPUs, Node ${process.version}, 1-minute load average at
the start ${loadAtStart.toFixed(2)}; RabbitMQ (Debian
rabbitmq-server) on the same machine. ${N} messages (\`evcat fixtures\`, all four families) on one queue, drained by
K \`evcat tap amqp://… --queue Q --prefetch ${PREFETCH} --validate --out F --report R --meta M\` processes; each
rate is N ÷ the time from spawning the consumers until every line is written, median of ${ROUNDS} interleaved
round(s). The ratio is against one consumer in the same run.

${table}
The broker, the consumers and this driver share the machine's cores, so what the rows show is how much one
more consumer adds here; on separate machines each consumer brings its own cores (see ARCHITECTURE.md).
`
const path = quick ? join(DATA, 'RESULTS-quick.md') : join(BENCH, 'RESULTS.md')
mkdirSync(DATA, { recursive: true })
writeSection(path, 'consumers', section)
process.stdout.write(
  `\n${table}\nWrote ${relative(ROOT, path)} (${((performance.now() - started) / 1000).toFixed(0)} s).\n`,
)
