import { main } from '../../src/cli/main.js'

/** Runs the CLI in process and returns its exit code and everything it printed. */
export async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(['node', 'evcat', ...args], { out: (t) => void (out += t), err: (t) => void (err += t) })
  return { code, out, err }
}
