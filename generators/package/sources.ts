import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as TS from 'typescript'
import { ts } from '../typescript.js'
import { EvcatError } from '../../src/errors.js'
import { packageRoot } from '../../src/package-root.js'
import type { GeneratedFile } from '../../src/emit/generated-file.js'
import { withHeader } from '../../src/emit/header.js'
import type { CatalogModel } from '../../src/model/types.js'
import { RUNTIME_MODULES } from '../validators/index.js'
import { familyEntry, rootEntry, validatorsDeclaration } from './entries.js'
import { feedDataDeclaration, mockEntry, mockSources } from './mock.js'

/**
 * The package's TypeScript, by package-relative path: `sources` are compiled one file at a time (a `.js` and a
 * `.d.ts` each); `declarations` describe JavaScript that ships as written (the ajv validators, the feed data).
 */
export interface PackageSources {
  readonly sources: ReadonlyMap<string, string>
  readonly declarations: ReadonlyMap<string, string>
  /** The JavaScript of sources an earlier generator already compiled alike (the validators' runtime), by `.js` path. */
  readonly compiled: ReadonlyMap<string, string>
}

/**
 * The compiler options the package is written for: strict, ES2022 and nothing else (no Node types: the runtime
 * and the mock feed run anywhere). Generation transpiles each file under them; the test suite type-checks the
 * whole package under them (test/package/typecheck.test.ts).
 */
export const PACKAGE_COMPILER_OPTIONS: Readonly<TS.CompilerOptions> = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  verbatimModuleSyntax: true,
  isolatedDeclarations: true,
  declaration: true,
  noUncheckedIndexedAccess: true,
  lib: ['lib.es2022.d.ts'],
  types: [],
  removeComments: false,
}

/** Every TypeScript file of the package: the generated types, the family, root and mock entries, evcat's runtime and mock feed. */
export function packageSources(model: CatalogModel, earlier: readonly GeneratedFile[]): PackageSources {
  const earlierText = (path: string): string => earlierFile(earlier, path)
  const sources = new Map<string, string>()
  const declarations = new Map<string, string>()
  const compiled = new Map<string, string>()
  for (const name of RUNTIME_MODULES) {
    const path = `validators/runtime/${name}`
    sources.set(`${path}.ts`, readFileSync(join(packageRoot(), 'src', 'runtime', `${name}.ts`), 'utf8'))
    // The validators generator compiled the same source with the same options (ESM_JAVASCRIPT).
    const js = earlier.find((f) => f.path === `${path}.js`)?.contents
    if (js !== undefined) compiled.set(`${path}.js`, js)
  }
  for (const family of model.families) {
    declarations.set(`validators/${family.id}.gen.d.ts`, validatorsDeclaration(family))
    sources.set(`${family.id}/types.gen.ts`, earlierText(`types/${family.id}.gen.ts`))
    sources.set(`${family.id}/index.ts`, familyEntry(family))
  }
  sources.set('index.ts', rootEntry(model))
  for (const [path, text] of mockSources()) sources.set(path, text)
  for (const family of model.families) declarations.set(`mock/${family.id}.data.d.ts`, feedDataDeclaration(family.id))
  sources.set('mock/index.ts', mockEntry(model))
  return { sources, declarations, compiled }
}

/** The JavaScript that ships as written, by package path: each family's ajv validators, as the validators generator made them. */
export function packageScripts(model: CatalogModel, earlier: readonly GeneratedFile[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const family of model.families)
    out.set(`validators/${family.id}.gen.js`, earlierFile(earlier, `validators/${family.id}.gen.js`))
  return out
}

function earlierFile(earlier: readonly GeneratedFile[], path: string): string {
  const file = earlier.find((f) => f.path === path)
  if (file === undefined)
    throw new EvcatError(`the package generator needs ${path}; run it after the types and validators generators`)
  return withHeader(file)
}
