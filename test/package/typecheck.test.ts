import { Project, type CompilerOptions } from 'ts-morph'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildPackage, transpilePackage } from '../../generators/package/build.js'
import { PACKAGE_COMPILER_OPTIONS, packageSources, type PackageSources } from '../../generators/package/sources.js'
import { typesGenerator } from '../../generators/types/index.js'
import { validatorsGenerator } from '../../generators/validators/index.js'
import type { GeneratedFile } from '../../src/emit/generated-file.js'
import { generate } from '../../src/generate.js'
import type { CatalogModel } from '../../src/model/types.js'
import { realModel } from '../validate/helpers.js'

// Generation compiles the package file by file, with no type checker: this is where the whole package is checked.

let model: CatalogModel
let earlier: GeneratedFile[]
let sources: PackageSources
let built: Map<string, string>
beforeAll(async () => {
  model = await realModel()
  earlier = await generate(model, [typesGenerator, validatorsGenerator] as never)
  sources = packageSources(model, earlier)
  built = buildPackage(model, earlier)
}, 120_000)

/**
 * Type-checks files together as one ESM package, in memory, with ts-morph (whose bundled compiler is a second
 * TypeScript besides the pinned one that emits the package); the diagnostics as text, each with its file.
 */
function typecheck(files: ReadonlyMap<string, string>, options: ts.CompilerOptions): string[] {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { ...(options as object), noEmit: true } as CompilerOptions,
  })
  project.getFileSystem().writeFileSync('/pkg/package.json', '{ "type": "module" }')
  for (const [path, text] of files) if (path.endsWith('.ts')) project.createSourceFile(`/pkg/${path}`, text)
  return project.getPreEmitDiagnostics().map((d) => {
    const file = d.getSourceFile()
    const where = file === undefined ? '' : `${file.getFilePath().slice('/pkg/'.length)}: `
    return `${where}${ts.flattenDiagnosticMessageText(d.compilerObject.messageText as ts.DiagnosticMessageChain, ' ')}`
  })
}

const sourceFiles = (s: PackageSources): Map<string, string> => new Map([...s.sources, ...s.declarations])
const declarationFiles = (files: ReadonlyMap<string, string>): Map<string, string> =>
  new Map([...files].filter(([p]) => p.endsWith('.d.ts')))
// What a strict consumer turns on, beyond the package's own options.
const CONSUMER = { ...PACKAGE_COMPILER_OPTIONS, exactOptionalPropertyTypes: true, skipLibCheck: false }

describe("the package's TypeScript, checked as one program", () => {
  it('type-checks every source (entries, runtime, mock feed, types) under strict TypeScript with ES2022 alone', () => {
    expect(sources.sources.size).toBeGreaterThan(25)
    expect(typecheck(sourceFiles(sources), PACKAGE_COMPILER_OPTIONS)).toEqual([])
  })

  it('fails on an entry whose body does not match its declared type', () => {
    const entry = sources.sources.get('lxd/index.ts')!
    const wrong = entry.replace(
      'export function parse(text: string): unknown {',
      'export function parse(text: string): string {',
    )
    expect(wrong).not.toBe(entry)
    const files = sourceFiles(sources).set('lxd/index.ts', wrong)
    expect(typecheck(files, PACKAGE_COMPILER_OPTIONS)).toEqual([
      "lxd/index.ts: Type 'unknown' is not assignable to type 'string'.",
    ])
  })

  it('fails on a shipped module that uses a Node API (the package runs on ES2022 alone)', () => {
    const files = sourceFiles(sources).set(
      'mock/pace.ts',
      `${sources.sources.get('mock/pace.ts')}\nBuffer.from('x');\n`,
    )
    expect(typecheck(files, PACKAGE_COMPILER_OPTIONS).join('\n')).toMatch(/^mock\/pace\.ts: Cannot find name 'Buffer'/)
  })
})

describe("the package's emitted declarations", () => {
  it('type-check together under strict TypeScript with exactOptionalPropertyTypes', () => {
    const files = declarationFiles(built)
    expect(files.has('index.d.ts') && files.has('mock/index.d.ts') && files.has('lxd/types.gen.d.ts')).toBe(true)
    expect(typecheck(files, CONSUMER)).toEqual([])
  })

  it('fail on a declaration that names a type the package does not have', () => {
    const files = declarationFiles(built)
    const entry = files.get('lxd/index.d.ts')!
    files.set('lxd/index.d.ts', entry.replace('readonly event: T.LxdEvent;', 'readonly event: T.LxdEvnt;'))
    expect(files.get('lxd/index.d.ts')).not.toBe(entry)
    expect(typecheck(files, CONSUMER).join('\n')).toMatch(
      /^lxd\/index\.d\.ts: .* has no exported member named 'LxdEvnt'/,
    )
  })

  it("keep each export's declared type", () => {
    const dts = built.get('lxd/index.d.ts')!
    expect(dts).toContain(
      'export declare function validate(payload: unknown, options?: LxdValidateOptions): LxdValidation;',
    )
    expect(dts).toContain(
      'export declare function isLxdInstanceRenamedEvent(value: unknown): value is T.LxdInstanceRenamedEvent;',
    )
    expect(dts).toMatch(/export declare const lxdServerVersions: readonly \[/)
  })
})

describe('compiling file by file', () => {
  it('names the file, line and column of an export whose type is not written down, with a hint', () => {
    expect(() =>
      transpilePackage(new Map([['x/index.ts', 'export function f(a: number) {\n  return a\n}\n']])),
    ).toThrow(
      /^the generated package does not compile:\nx\/index\.ts\(1,17\): error TS9007: .*\n {2}hint: .*isolatedDeclarations/,
    )
  })

  it('names the file of a syntax error', () => {
    expect(() =>
      transpilePackage(
        new Map([
          ['ok.ts', 'export const a = 1;\n'],
          ['bad.ts', 'export const = 1\n'],
        ]),
      ),
    ).toThrow(/^the generated package does not compile:\nbad\.ts\(1,14\): error TS1134/)
  })

  it('gives the same bytes on every run', () => {
    const again = buildPackage(model, earlier)
    expect([...again]).toEqual([...built])
  })
})
