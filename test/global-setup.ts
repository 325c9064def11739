import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

// Tests that spawn the CLI (bin/evcat.js) and the --jobs workers run the compiled dist/. It must be the code under
// test: when a source file is newer than what it compiles to, compile once, before any test file runs.
const FOLDERS = ['src', 'generators']

function staleSources(): string[] {
  const stale: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const built = join('dist', path.replace(/\.ts$/, '.js'))
        const builtTime = (() => {
          try {
            return statSync(built).mtimeMs
          } catch {
            return -1
          }
        })()
        if (builtTime < statSync(path).mtimeMs) stale.push(path)
      }
    }
  }
  for (const folder of FOLDERS) walk(folder)
  return stale
}

/** Vitest's global setup: brings dist/ up to date with the sources. */
export default function setup(): void {
  const stale = staleSources()
  if (stale.length === 0) return
  console.log(`dist/ is older than ${stale.length} source file(s) (${stale[0]}…): compiling with tsc`)
  execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    stdio: 'inherit',
  })
}
