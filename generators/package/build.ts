import type * as TS from 'typescript'
import { ESM_JAVASCRIPT, ts } from '../typescript.js'
import { EvcatError } from '../../src/errors.js'
import type { GeneratedFile } from '../../src/emit/generated-file.js'
import type { CatalogModel } from '../../src/model/types.js'
import { feedDataModule } from './mock.js'
import { PACKAGE_COMPILER_OPTIONS, packageScripts, packageSources } from './sources.js'

/**
 * The compiled package, every emitted `.js` and `.d.ts` by package-relative path. Each TypeScript file is compiled
 * on its own, with no program and no type checker: `transpileModule` strips its types (the sources use
 * `verbatimModuleSyntax`, so that is exact) and `transpileDeclaration` copies its declared types (the sources are
 * isolatedDeclarations-compatible: every export is annotated). The test suite type-checks the whole package.
 */
export function buildPackage(model: CatalogModel, earlier: readonly GeneratedFile[]): Map<string, string> {
  const { sources, declarations, compiled } = packageSources(model, earlier)
  const files = transpilePackage(sources, compiled)
  for (const [path, text] of declarations) files.set(path, text)
  // The validators are already JavaScript (ajv standalone code); they ship as generated.
  for (const [path, text] of packageScripts(model, earlier)) files.set(path, text)
  // The mock feed's data is JSON: it ships as written, not through the compiler.
  for (const family of model.families) files.set(`mock/${family.id}.data.js`, feedDataModule(model, family.id))
  return files
}

/**
 * Each TypeScript file compiled alone into its `.js` and `.d.ts`, by package path; a file whose JavaScript is in
 * `compiled` (by `.js` path) only gets its `.d.ts`. Any diagnostic (a syntax error, an export whose type is not
 * written down) throws one EvcatError that names each file, line and column.
 */
export function transpilePackage(
  sources: ReadonlyMap<string, string>,
  compiled: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const files = new Map<string, string>()
  const problems: TS.Diagnostic[] = []
  for (const [path, text] of sources) {
    const stem = path.replace(/\.ts$/, '')
    let js = compiled.get(`${stem}.js`)
    if (js === undefined) {
      const out = ts.transpileModule(text, { fileName: path, compilerOptions: ESM_JAVASCRIPT, reportDiagnostics: true })
      problems.push(...(out.diagnostics ?? []))
      js = out.outputText
    }
    const dts = ts.transpileDeclaration(text, { fileName: path, compilerOptions: PACKAGE_COMPILER_OPTIONS })
    problems.push(...dts.diagnostics!)
    files.set(`${stem}.js`, js)
    files.set(`${stem}.d.ts`, dts.outputText)
  }
  if (problems.length > 0) throw new EvcatError(`the generated package does not compile:\n${format(problems)}`)
  return files
}

const HOST: TS.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => '',
  getNewLine: () => '\n',
}

// Each problem once (both compilers report a syntax error), the first 20, as `path(line,col): error TSnnnn: message`;
// an isolated-declarations error gets a hint.
function format(problems: readonly TS.Diagnostic[]): string {
  const lines = [...new Set(problems.map((d) => ts.formatDiagnostic(d, HOST).trimEnd()))]
  const isolated = problems.some((d) => d.code >= 9005 && d.code <= 9039)
  return [
    ...lines.slice(0, 20),
    ...(lines.length > 20 ? [`…and ${lines.length - 20} more`] : []),
    ...(isolated
      ? [
          "  hint: the package's declarations are emitted file by file (isolatedDeclarations): give each exported function, constant and class member an explicit type",
        ]
      : []),
  ].join('\n')
}
