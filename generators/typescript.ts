import { createRequire } from 'node:module'
import type * as TypeScript from 'typescript'

/**
 * The pinned TypeScript compiler, loaded with `require`: imported as an ES module, Node scans typescript.js
 * (9 MB of CommonJS) for ESM syntax and for its named exports before running it, which costs about 200 ms of
 * every `evcat generate`; `require` runs it as it is (about 130 ms in all).
 */
export const ts: typeof TypeScript = createRequire(import.meta.url)('typescript') as typeof TypeScript
