import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { WORKER_URL } from '../../src/validate/parallel.js'
import { scratch } from './helpers.js'

const REGISTER_TS = resolve('test/support/register-ts.mjs')

describe('--jobs workers run the code under test', () => {
  it('the worker module is the one beside the running parallel module (the .ts source under vitest)', () => {
    expect(WORKER_URL.href).toBe(pathToFileURL(resolve('src/validate/worker.ts')).href)
  })

  it('a stale build in dist/ is never what a worker runs', () => {
    // A copy of evcat whose dist/ holds a worker that only fails, as an old build might.
    const dir = scratch()
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const root = join(dir, 'evcat-copy')
    mkdirSync(join(root, 'dist', 'src', 'validate'), { recursive: true })
    cpSync('src', join(root, 'src'), { recursive: true })
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir')
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'evcat', type: 'module' }))
    writeFileSync(join(root, 'dist', 'src', 'validate', 'worker.js'), 'throw new Error("stale worker from dist/")\n')
    const input = join(root, 'capture.jsonl')
    const lines = readFileSync('out/fixtures/lxd/valid.jsonl', 'utf8').trimEnd().split('\n')
    writeFileSync(input, Array.from({ length: 200 }, (_, i) => lines[i % lines.length]).join('\n') + '\n')

    const parallel = pathToFileURL(join(root, 'src/validate/parallel.ts')).href
    const index = resolve('out/validators/index.js')
    const script = `
      const { validateInputsParallel } = await import(${JSON.stringify(parallel)})
      const { tables } = await import(${JSON.stringify(pathToFileURL(index).href)})
      const options = { jobs: 3 }
      const report = await validateInputsParallel([${JSON.stringify(input)}], tables, ${JSON.stringify(index)}, options)
      console.log(JSON.stringify(report.summary))`
    writeFileSync(join(root, 'run.mjs'), script)
    // Worker threads inherit the options, so the script is a file (not -e, which a worker cannot take).
    const r = spawnSync(process.execPath, ['--import', REGISTER_TS, join(root, 'run.mjs')], { encoding: 'utf8' })
    expect(r.stderr).not.toContain('stale worker')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 200, valid: 200 })
  })
})
