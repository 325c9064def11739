import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPackage, transpilePackage } from '../../generators/package/build.js'
import { PACKAGE_COMPILER_OPTIONS, packageSources, type PackageSources } from '../../generators/package/sources.js'
import { typesGenerator } from '../../generators/types/index.js'
import { validatorsGenerator } from '../../generators/validators/index.js'
import type { GeneratedFile } from '../../src/emit/generated-file.js'
import { generate } from '../../src/generate.js'
import type { CatalogModel } from '../../src/model/types.js'
import { realModel } from '../validate/helpers.js'

// Generation compiles the package file by file, with no type checker: this is where the whole package is checked.
const tmp = mkdtempSync(join(tmpdir(), 'evcat-package-typecheck-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

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

/** Writes files into a fresh folder of an ESM package and type-checks them together; the diagnostics as text. */
function typecheck(name: string, files: ReadonlyMap<string, string>, options: ts.CompilerOptions): string[] {
  const dir = join(tmp, name)
  for (const [path, text] of [...files, ['package.json', '{ "type": "module" }'] as const]) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const roots = [...files.keys()].filter((p) => p.endsWith('.ts')).map((p) => join(dir, p))
  const program = ts.createProgram(roots, { ...options, noEmit: true })
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file === undefined ? '' : `${d.file.fileName.slice(dir.length + 1)}: `
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`
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
    expect(typecheck('sources', sourceFiles(sources), PACKAGE_COMPILER_OPTIONS)).toEqual([])
  })

  it('fails on an entry whose body does not match its declared type', () => {
    const entry = sources.sources.get('lxd/index.ts')!
    const wrong = entry.replace(
      'export function parse(text: string): unknown {',
      'export function parse(text: string): string {',
    )
    expect(wrong).not.toBe(entry)
    const files = sourceFiles(sources).set('lxd/index.ts', wrong)
    expect(typecheck('wrong-entry', files, PACKAGE_COMPILER_OPTIONS)).toEqual([
      "lxd/index.ts: Type 'unknown' is not assignable to type 'string'.",
    ])
  })

  it('fails on a shipped module that uses a Node API (the package runs on ES2022 alone)', () => {
    const files = sourceFiles(sources).set(
      'mock/pace.ts',
      `${sources.sources.get('mock/pace.ts')}\nBuffer.from('x');\n`,
    )
    expect(typecheck('node-api', files, PACKAGE_COMPILER_OPTIONS).join('\n')).toMatch(
      /^mock\/pace\.ts: Cannot find name 'Buffer'/,
    )
  })
})

describe("the package's emitted declarations", () => {
  it('type-check together under strict TypeScript with exactOptionalPropertyTypes', () => {
    const files = declarationFiles(built)
    expect(files.has('index.d.ts') && files.has('mock/index.d.ts') && files.has('lxd/types.gen.d.ts')).toBe(true)
    expect(typecheck('declarations', files, CONSUMER)).toEqual([])
  })

  it('fail on a declaration that names a type the package does not have', () => {
    const files = declarationFiles(built)
    const entry = files.get('lxd/index.d.ts')!
    files.set('lxd/index.d.ts', entry.replace('readonly event: T.LxdEvent;', 'readonly event: T.LxdEvnt;'))
    expect(files.get('lxd/index.d.ts')).not.toBe(entry)
    expect(typecheck('wrong-declaration', files, CONSUMER).join('\n')).toMatch(
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
