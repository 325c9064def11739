#!/usr/bin/env node
// Before and after in one run: `node bench/compare.mjs OTHER [--runs N] [--lines N]` times this checkout's
// `evcat validate` against another built checkout's (OTHER: e.g. main's, with `npm ci` done), interleaved
// (this, other, other, this, …) on the same bench input, so that a busy machine slows both alike. Three ways in:
// the file by name, the file on standard input (`< FILE`), and through a pipe (`cat FILE |`), which is live input.
// Prints a Markdown table of medians, wall and CPU time (user + system, with GNU time), and the ratios this ÷ other
// (above 1.00× is slower). The input is bench/data/mixed-N.jsonl (`--lines N`; run the bench first to make it) or
// any JSONL file (`--input FILE`). It fails nothing: it only measures and prints.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CLI, DATA, ROOT } from './lib/paths.mjs'
import { gnuTime } from './lib/spawn.mjs'
import { fmtMs, fmtRate, median } from './lib/stats.mjs'

const args = process.argv.slice(2)
const flag = (name, fallback) => {
  const i = args.indexOf(name)
  return i === -1 ? fallback : Number(args.splice(i, 2)[1])
}
const runs = flag('--runs', 5)
const inputAt = args.indexOf('--input')
const given = inputAt === -1 ? undefined : resolve(args.splice(inputAt, 2)[1])
const lines = given === undefined ? flag('--lines', 100_000) : countLines(given)
const other = args[0] === undefined ? undefined : resolve(args[0])
if (other === undefined || !existsSync(join(other, 'bin', 'evcat.js'))) {
  console.error(
    'usage: node bench/compare.mjs OTHER-CHECKOUT [--runs N] [--lines N | --input FILE]  (OTHER built: bin/evcat.js, dist/)',
  )
  process.exit(2)
}
const input = given ?? join(DATA, `mixed-${lines}.jsonl`)
if (!existsSync(input)) {
  console.error(`no ${input}: run npm run bench -- --quick (or the full bench) first`)
  process.exit(2)
}

function countLines(path) {
  const data = readFileSync(path)
  let n = 0
  for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) n++
  return n
}

const scratch = mkdtempSync(join(tmpdir(), 'evcat-compare-'))
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))

/**
 * Runs `sh -c SCRIPT` in `cwd` with standard output to /dev/null; resolves with its wall time and, with GNU time,
 * the CPU time (user + system) of everything it ran, which a busy machine disturbs less than the wall time.
 */
function timed(script, cwd) {
  const devnull = openSync('/dev/null', 'w')
  const cpuFile = join(scratch, 'cpu')
  const [command, argv] = gnuTime
    ? ['/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, 'sh', '-c', script]]
    : ['sh', ['-c', script]]
  const t0 = performance.now()
  return new Promise((done, fail) => {
    const child = spawn(command, argv, { cwd, stdio: ['ignore', devnull, 'inherit'] })
    child.on('error', fail)
    child.on('close', (code) => {
      const wall = performance.now() - t0
      closeSync(devnull)
      if (code !== 0) return fail(new Error(`${script} exited ${code} in ${cwd}`))
      const [user, sys] = gnuTime ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : []
      done({ wall, cpu: gnuTime ? (user + sys) * 1000 : NaN })
    })
  })
}

const loadAtStart = loadavg()[0]
const ways = [
  ['file by name', (cli) => `node ${cli} validate ${input} --format json`],
  ['standard input, a file (< FILE)', (cli) => `node ${cli} validate - --format json < ${input}`],
  ['standard input, a pipe (cat FILE |): live', (cli) => `cat ${input} | node ${cli} validate - --format json`],
  ['file by name, --jobs 2', (cli) => `node ${cli} validate ${input} --format json --jobs 2`],
]
const rows = []
for (const [label, command] of ways) {
  const mine = []
  const theirs = []
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so that neither always runs on a warmer page cache.
    const pair = [
      [mine, command(CLI), ROOT],
      [theirs, command(join(other, 'bin', 'evcat.js')), other],
    ]
    for (const [into, script, cwd] of i % 2 === 0 ? pair : pair.reverse()) into.push(await timed(script, cwd))
  }
  const m = (xs, key) => median(xs.map((x) => x[key]))
  const [wallA, wallB, cpuA, cpuB] = [m(mine, 'wall'), m(theirs, 'wall'), m(mine, 'cpu'), m(theirs, 'cpu')]
  const cell = (ms) => `${fmtMs(ms)} (${fmtRate(lines / (ms / 1000))})`
  rows.push(
    `| ${label} | ${cell(wallB)} | ${cell(wallA)} | ${(wallA / wallB).toFixed(2)}× | ` +
      `${fmtMs(cpuB)} | ${fmtMs(cpuA)} | ${(cpuA / cpuB).toFixed(2)}× |`,
  )
  process.stderr.write(
    `${label}: other ${fmtMs(wallB)} (cpu ${fmtMs(cpuB)}), this ${fmtMs(wallA)} (cpu ${fmtMs(cpuA)})\n`,
  )
}
console.log(
  `evcat validate of ${lines} lines, median of ${runs} interleaved runs each (other: ${other}); ` +
    `1-minute load average at the start: ${loadAtStart.toFixed(2)}\n`,
)
console.log('| input | other, wall | this, wall | this ÷ other | other, CPU | this, CPU | this ÷ other |')
console.log('|---|---:|---:|---:|---:|---:|---:|')
console.log(rows.join('\n'))
