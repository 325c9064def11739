import { createRequire } from 'node:module'
import type * as TypeScript from 'typescript'

/**
 * The pinned TypeScript compiler, loaded with `require`: imported as an ES module, Node scans typescript.js
 * (9 MB of CommonJS) for ESM syntax and for its named exports before running it, which costs about 200 ms of
 * every `evcat generate`; `require` runs it as it is (about 130 ms in all).
 */
export const ts: typeof TypeScript = createRequire(import.meta.url)('typescript') as typeof TypeScript

/**
 * How one TypeScript file compiled alone becomes ES2022 JavaScript: types stripped (`verbatimModuleSyntax` makes
 * that exact), comments kept. A file compiled alone cannot see a package.json that would make NodeNext treat it as
 * ESM, so the module kind is ESNext. The runtime the validators ship and the package's JavaScript both use it.
 */
export const ESM_JAVASCRIPT: Readonly<TypeScript.CompilerOptions> = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  removeComments: false,
}
