import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { defaultGenerators } from '../../generators/index.js'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog, parseFile } from '../../src/catalog/load.js'
import type { RawCatalog } from '../../src/catalog/types.js'
import { finalize, type FinalFile } from '../../src/emit/write.js'
import { generate } from '../../src/generate.js'
import { buildModel } from '../../src/model/build.js'

/** Runs the whole pipeline in memory: load → check → model → generate → finalize. */
export async function generateFrom(raw: RawCatalog): Promise<FinalFile[]> {
  const model = buildModel(validateCatalog(raw))
  return finalize(model, await generate(model, defaultGenerators))
}

/** Loads a catalog folder and generates from it. */
export async function generateDir(dir: string): Promise<FinalFile[]> {
  return generateFrom(await loadCatalog(dir))
}

/** A RawCatalog whose files are in the given (possibly unsorted) order, to prove order does not matter. */
export function rawInOrder(dir: string, paths: readonly string[]): RawCatalog {
  return { dir, files: paths.map((p) => parseFile(p, readFileSync(join(dir, p), 'utf8'))) }
}

/** Every file under a folder, recursively, as relative POSIX paths. */
export function listFiles(root: string, rel = ''): string[] {
  const out: string[] = []
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel === '' ? name : `${rel}/${name}`
    if (statSync(join(root, path)).isDirectory()) out.push(...listFiles(root, path))
    else out.push(path)
  }
  return out
}

/** Type-checks TypeScript files together under strict settings; returns the diagnostics as text. */
export function strictCompile(files: readonly string[]): string[] {
  const program = ts.createProgram([...files], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    types: [],
  })
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : ''
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
  })
}

/** The names a TypeScript file declares at top level (exported or not), from its real syntax tree. */
export function topLevelNames(text: string): string[] {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS)
  const names: string[] = []
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) names.push(statement.name.text)
    else if (ts.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations) names.push(d.name.getText(source))
    else names.push(`<${ts.SyntaxKind[statement.kind]}>`)
  }
  return names
}
