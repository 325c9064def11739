// Runs a child process, timing it from the parent (wall clock, spawn to exit) and reading its peak RSS.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BENCH, ROOT } from './paths.mjs'

const scratch = mkdtempSync(join(tmpdir(), 'evcat-bench-'))
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))

/** Whether GNU time (`/usr/bin/time -f %M -o FILE`) works here; otherwise a --require preload reports maxRSS. */
export const gnuTime = (() => {
  if (!existsSync('/usr/bin/time')) return false
  const out = join(scratch, 'probe')
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, '-e', ''], { stdio: 'ignore' })
  try {
    return r.status === 0 && /^\d+\s*$/.test(readFileSync(out, 'utf8').trim().split('\n').pop())
  } catch {
    return false
  }
})()

let n = 0

/**
 * Runs `node ...args` in the repository root. stdout goes to /dev/null unless `capture` is set.
 * Returns { ms, maxRssKB, code, stdout, stderr }.
 */
export function runNode(args, { capture = false, env = {} } = {}) {
  const rssFile = join(scratch, `rss-${process.pid}-${n++}`)
  let cmd, argv
  const childEnv = { ...process.env, ...env }
  if (gnuTime) {
    cmd = '/usr/bin/time'
    argv = ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...args]
  } else {
    cmd = process.execPath
    argv = ['--require', join(BENCH, 'child', 'maxrss.cjs'), ...args]
    childEnv.BENCH_MAXRSS_FILE = rssFile
  }
  const devnull = capture ? null : openSync('/dev/null', 'w')
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(cmd, argv, { cwd: ROOT, env: childEnv, stdio: ['ignore', capture ? 'pipe' : devnull, 'pipe'] })
    const out = []
    const err = []
    child.stdout?.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => err.push(d))
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = performance.now() - t0
      if (devnull !== null) closeSync(devnull)
      let maxRssKB = NaN
      let cpuS = NaN
      try {
        // The last line: peak RSS (KB), user and system CPU seconds.
        const [rss, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number)
        maxRssKB = rss
        cpuS = user + sys
        rmSync(rssFile, { force: true })
      } catch {}
      resolve({
        ms,
        maxRssKB,
        cpuS,
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      })
    })
  })
}

/** Runs a bench child script that prints one JSON object on stdout; returns it with the run's ms and maxRssKB. */
export async function runChild(script, args = [], options = {}) {
  const r = await runNode([join(BENCH, 'child', script), ...args], { ...options, capture: true })
  if (r.code !== 0)
    throw new Error(`${script} exited with ${r.code}: ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`)
  const last = r.stdout.trim().split('\n').pop()
  return { ...JSON.parse(last), ms: r.ms, maxRssKB: r.maxRssKB }
}
