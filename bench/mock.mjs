#!/usr/bin/env node
// Load on `evcat mock serve events-hub`: one client at 10,000 frames/s, and 100 clients at 100 frames/s each.
// Each client checks every frame against the feed computed here from the same generated data and seed, so "lost"
// and "reordered" are exact counts, not estimates. Runs alone (`node bench/mock.mjs [--quick]`) or from run.mjs;
// writes its section of bench/RESULTS.md (bench/data/RESULTS-quick.md with --quick) between markers.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { BENCH, CLI, DATA, rootUrl } from './lib/paths.mjs'
import { writeSection } from './lib/sections.mjs'

const quick = process.argv.includes('--quick')
const SECONDS = quick ? 3 : 30
const CHANNELS = 'pdfm,orchestrator,stats,system_logs,reverse_proxy,job_manager,catalog_cache,auth'
const START = '2026-03-04T05:06:07Z'
const log = (msg) => process.stderr.write(`[bench mock] ${msg}\n`)

/** The frame ids a client must receive, in order: the feed computed from the package's own data. */
async function expectedIds(count) {
  const { feedFrames } = await import(rootUrl('out/package/mock/feed.js'))
  const { default: data } = await import(rootUrl('out/package/mock/events-hub.data.js'))
  const ids = []
  for (const f of feedFrames(data, { seed: 'bench', count, start: Date.parse(START) })) ids.push(JSON.parse(f.text).id)
  return ids
}

/** Starts the mock CLI and resolves with its address once it listens. */
function startServer(rate, count) {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'mock',
      'serve',
      'events-hub',
      '--listen',
      '127.0.0.1:0',
      '--rate',
      `${rate}/s`,
      '--count',
      String(count),
    ].concat(['--seed', 'bench', '--start', START, '--token', 'bench', '--ping-interval', '1h']),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let err = ''
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d
      const m = /http:\/\/(\d+\.\d+\.\d+\.\d+:\d+)/.exec(err)
      if (m && err.includes('stop: Ctrl-C')) resolve({ child, address: m[1] })
    })
    child.once('exit', (code) => reject(new Error(`mock exited ${code}: ${err}`)))
  })
}

/** One client: counts frames, checks each against the expected id at its position, records lateness. */
function client(address, ids, rate) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${address}/api/v1/ws/subscribe?event_types=${CHANNELS}`, {
      headers: { Authorization: 'Bearer bench' },
    })
    const stats = { received: 0, reordered: 0, lost: 0, lateMs: [], t0: 0, t1: 0 }
    let welcome = true
    ws.on('message', (data) => {
      const now = performance.now()
      if (welcome) {
        welcome = false
        stats.t0 = now
        return
      }
      const id = JSON.parse(data).id
      if (id !== ids[stats.received]) stats.reordered++
      // Frame i is due i/rate seconds after the first; keep every 10th lateness sample.
      if (stats.received % 10 === 0) stats.lateMs.push(now - stats.t0 - (stats.received * 1000) / rate)
      stats.received++
      stats.t1 = now
      if (stats.received === ids.length) ws.close()
    })
    const deadline = setTimeout(() => ws.terminate(), (ids.length / rate) * 1000 + 20_000)
    ws.on('close', () => {
      clearTimeout(deadline)
      stats.lost = ids.length - stats.received
      resolve(stats)
    })
    ws.on('error', () => undefined)
  })
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

async function scenario(name, clients, rate) {
  const count = rate * SECONDS
  log(`${name}: ${clients} client(s) × ${rate} frames/s × ${SECONDS} s`)
  const ids = await expectedIds(count)
  const { child, address } = await startServer(rate, count)
  const cpu0 = process.cpuUsage()
  const wall0 = performance.now()
  const results = await Promise.all(Array.from({ length: clients }, () => client(address, ids, rate)))
  const wallS = (performance.now() - wall0) / 1000
  const clientCpu = process.cpuUsage(cpu0)
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
  const received = results.reduce((a, r) => a + r.received, 0)
  // Each client's own rate: its frames over its own span (connections open one after another).
  const rates = results.map((r) => (r.received - 1) / ((r.t1 - r.t0) / 1000))
  return {
    name,
    clients,
    rate,
    expected: count * clients,
    received,
    lost: results.reduce((a, r) => a + r.lost, 0),
    reordered: results.reduce((a, r) => a + r.reordered, 0),
    perClientRate: pct(rates, 50),
    slowestClientRate: Math.min(...rates),
    lateP50: pct(
      results.flatMap((r) => r.lateMs),
      50,
    ),
    lateP99: pct(
      results.flatMap((r) => r.lateMs),
      99,
    ),
    clientCpuS: (clientCpu.user + clientCpu.system) / 1e6,
    wallS,
  }
}

if (!existsSync(join(BENCH, '..', 'out/package/mock/events-hub.data.js'))) {
  console.error('bench/mock.mjs needs out/package/mock (run "npx evcat generate")')
  process.exit(1)
}
const rows = [
  await scenario('one client, 10,000 frames/s', 1, 10_000),
  await scenario('100 clients, 100 frames/s each', 100, 100),
]
const fmt = (x, d = 0) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a'
const table = [
  '| scenario | frames expected | received | lost | reordered | per client, frames/s: median, slowest (target) | ratio | lateness p50 / p99 | client CPU |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.name}, ${SECONDS} s | ${fmt(r.expected)} | ${fmt(r.received)} | ${fmt(r.lost)} | ${fmt(r.reordered)} | ` +
      `${fmt(r.perClientRate)}, ${fmt(r.slowestClientRate)} (${fmt(r.rate)}) | ${fmt(r.perClientRate / r.rate, 2)}× | ${fmt(r.lateP50, 1)} / ${fmt(r.lateP99, 1)} ms | ${fmt(r.clientCpuS, 1)} s of ${fmt(r.wallS, 1)} s |`,
  ),
]
const ok = rows.every((r) => r.lost === 0 && r.reordered === 0)
const section = `## Mock servers (\`evcat mock serve events-hub\`)

${quick ? 'Quick mode (3 s per scenario). ' : ''}${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)} at the end.
The server is the CLI in its own process (\`--rate N/s --count N\`, every channel subscribed); the clients are \`ws\` in the
bench process, each checking every frame's id against the feed computed from the same generated data and seed, so
**lost** and **reordered** are exact. Lateness is a frame's arrival minus its due time (i/rate after the first).
Target: nothing lost or reordered, each client at its rate (ratio 1.00×). ${ok ? 'Met.' : '**Not met.**'}

${table.join('\n')}
`
const path = quick ? join(DATA, 'RESULTS-quick.md') : join(BENCH, 'RESULTS.md')
mkdirSync(DATA, { recursive: true })
writeSection(path, 'mock', section)
process.stdout.write(`\n${table.join('\n')}\n\nWrote ${path}.\n`)
