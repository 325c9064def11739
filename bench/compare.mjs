#!/usr/bin/env node
// Before and after in one run: `node bench/compare.mjs OTHER [--runs N] [--lines N]` times this checkout's
// `evcat validate` against another built checkout's (OTHER: e.g. main's, with `npm ci` done), interleaved
// (this, other, other, this, …) on the same bench input, so that a busy machine slows both alike. Three ways in:
// the file by name, the file on standard input (`< FILE`), and through a pipe (`cat FILE |`), which is live input.
// Prints a Markdown table of medians and the ratio this ÷ other (above 1.00× is slower). Run `npm run bench -- --quick`
// first to make the input. It times nothing that can fail: a missed figure is reported, not an exit code.
import { spawn } from 'node:child_process'
import { existsSync, openSync, closeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CLI, DATA, ROOT } from './lib/paths.mjs'
import { fmtMs, fmtRate, median } from './lib/stats.mjs'

const args = process.argv.slice(2)
const flag = (name, fallback) => {
  const i = args.indexOf(name)
  return i === -1 ? fallback : Number(args.splice(i, 2)[1])
}
const runs = flag('--runs', 5)
const lines = flag('--lines', 100_000)
const other = args[0] === undefined ? undefined : resolve(args[0])
if (other === undefined || !existsSync(join(other, 'bin', 'evcat.js'))) {
  console.error(
    'usage: node bench/compare.mjs OTHER-CHECKOUT [--runs N] [--lines N]  (OTHER built: bin/evcat.js, dist/)',
  )
  process.exit(2)
}
const input = join(DATA, `mixed-${lines}.jsonl`)
if (!existsSync(input)) {
  console.error(`no ${input}: run npm run bench -- --quick (or the full bench) first`)
  process.exit(2)
}

/** Runs `sh -c SCRIPT` in `cwd` with standard output to /dev/null; resolves with the wall time in ms. */
function timed(script, cwd) {
  const devnull = openSync('/dev/null', 'w')
  const t0 = performance.now()
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', script], { cwd, stdio: ['ignore', devnull, 'inherit'] })
    child.on('error', fail)
    child.on('close', (code) => {
      closeSync(devnull)
      if (code !== 0) fail(new Error(`${script} exited ${code} in ${cwd}`))
      else done(performance.now() - t0)
    })
  })
}

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
  const [a, b] = [median(mine), median(theirs)]
  rows.push(
    `| ${label} | ${fmtMs(b)} (${fmtRate(lines / (b / 1000))}) | ${fmtMs(a)} (${fmtRate(lines / (a / 1000))}) | ${(a / b).toFixed(2)}× |`,
  )
  process.stderr.write(`${label}: other ${fmtMs(b)}, this ${fmtMs(a)}\n`)
}
console.log(`evcat validate of ${lines} lines, median of ${runs} interleaved runs each (other: ${other})\n`)
console.log('| input | other | this | this ÷ other |\n|---|---:|---:|---:|')
console.log(rows.join('\n'))
