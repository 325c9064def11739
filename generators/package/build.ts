import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Project, ts, type Diagnostic } from 'ts-morph'
import { EvcatError } from '../../src/errors.js'
import { packageRoot } from '../../src/package-root.js'
import type { GeneratedFile } from '../../src/emit/generated-file.js'
import { withHeader } from '../../src/emit/header.js'
import type { CatalogModel } from '../../src/model/types.js'
import { RUNTIME_MODULES } from '../validators/index.js'
import { familyEntry, rootEntry, validatorsDeclaration } from './entries.js'
import { feedDataDeclaration, feedDataModule, mockEntry, mockSources } from './mock.js'

/** The compiled package: every emitted `.js`/`.d.ts` by package-relative path, plus the ts-morph project for the API report. */
export interface BuiltPackage {
  readonly files: ReadonlyMap<string, string>
  readonly project: Project
}

/**
 * Compiles the package in memory with ts-morph: the generated types, the family and root entries, and evcat's
 * runtime, against declarations of the generated validators. Any compiler diagnostic fails generation.
 */
export function buildPackage(model: CatalogModel, earlier: readonly GeneratedFile[]): BuiltPackage {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      declaration: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      verbatimModuleSyntax: true,
      noUncheckedIndexedAccess: true,
      lib: ['lib.es2022.d.ts'],
      types: [],
      outDir: '/out',
      rootDir: '/pkg',
      removeComments: false,
    },
  })
  const earlierText = (path: string): string => {
    const file = earlier.find((f) => f.path === path)
    if (file === undefined)
      throw new EvcatError(`the package generator needs ${path}; run it after the types and validators generators`)
    return withHeader(file)
  }
  project.createSourceFile('/pkg/package.json', JSON.stringify({ type: 'module' }))
  for (const name of RUNTIME_MODULES) {
    project.createSourceFile(
      `/pkg/validators/runtime/${name}.ts`,
      readFileSync(join(packageRoot(), 'src', 'runtime', `${name}.ts`), 'utf8'),
    )
  }
  for (const family of model.families) {
    project.createSourceFile(`/pkg/validators/${family.id}.gen.d.ts`, validatorsDeclaration(family))
    project.createSourceFile(`/pkg/${family.id}/types.gen.ts`, earlierText(`types/${family.id}.gen.ts`))
    project.createSourceFile(`/pkg/${family.id}/index.ts`, familyEntry(family))
  }
  project.createSourceFile('/pkg/index.ts', rootEntry(model))
  for (const [path, text] of mockSources()) project.createSourceFile(`/pkg/${path}`, text)
  for (const family of model.families)
    project.createSourceFile(`/pkg/mock/${family.id}.data.d.ts`, feedDataDeclaration(family.id))
  project.createSourceFile('/pkg/mock/index.ts', mockEntry(model))
  const diagnostics = packageDiagnostics(project)
  if (diagnostics.length > 0)
    throw new EvcatError(`the generated package does not compile:\n${format(project, diagnostics)}`)
  const emitted = project.emitToMemory()
  const emitDiagnostics = emitted.getDiagnostics()
  if (emitDiagnostics.length > 0)
    throw new EvcatError(`the generated package does not compile:\n${format(project, emitDiagnostics)}`)
  const files = new Map<string, string>()
  for (const f of emitted.getFiles())
    if (/\.(js|d\.ts)$/.test(f.filePath)) files.set(f.filePath.replace(/^\/out\//, ''), f.text)
  // The validators are already JavaScript (ajv standalone code); they ship as generated.
  for (const family of model.families) {
    files.set(`validators/${family.id}.gen.js`, earlierText(`validators/${family.id}.gen.js`))
    files.set(`validators/${family.id}.gen.d.ts`, validatorsDeclaration(family))
    // The mock feed's data is JSON: it ships as written, not through the compiler.
    files.set(`mock/${family.id}.data.js`, feedDataModule(model, family.id))
    files.set(`mock/${family.id}.data.d.ts`, feedDataDeclaration(family.id))
  }
  return { files, project }
}

/**
 * Every diagnostic of the program except the semantic ones inside the generated types files: checking those
 * (hundreds of interfaces) is most of the compiler's time, json-schema-to-typescript wrote them, and the test
 * suite compiles all of out/types under strict TypeScript. What evcat writes by hand (entries, runtime,
 * declarations) is fully checked, which also checks every type it uses.
 */
function packageDiagnostics(project: Project): Diagnostic[] {
  const program = project.getProgram()
  const handWritten = project.getSourceFiles().filter((f) => !f.getFilePath().endsWith('/types.gen.ts'))
  return [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...handWritten.flatMap((f) => program.getSemanticDiagnostics(f)),
  ]
}

function format(project: Project, diagnostics: readonly Diagnostic[]): string {
  return project.formatDiagnosticsWithColorAndContext(diagnostics.slice(0, 20)).replace(/\x1b\[[0-9;]*m/g, '')
}
