// Module hooks that let Node run evcat's TypeScript sources as they are, for tests only: vitest transforms
// the modules it imports itself, but a worker thread (validate --jobs) is loaded by Node, so the fork that runs
// the tests registers these (vitest.config.ts), and its worker threads inherit them. Without them a worker
// would have to run compiled code from dist/, which may be older than the code under test.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** Inside a .ts module, `./x.js` means the sibling `x.ts` when no `x.js` exists (NodeNext spelling). */
export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL
  if (parent?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const url = new URL(specifier, parent)
    if (!existsSync(fileURLToPath(url))) return nextResolve(specifier.slice(0, -'.js'.length) + '.ts', context)
  }
  return nextResolve(specifier, context)
}

/** A .ts module is transpiled (types removed, nothing checked) and run as ESM. */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context)
  const fileName = fileURLToPath(url)
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      sourceMap: false,
    },
  })
  return { format: 'module', source: outputText, shortCircuit: true }
}
