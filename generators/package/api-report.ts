import { posix } from 'node:path'
import type * as TS from 'typescript'
import { ts } from '../typescript.js'
import { EvcatError, cmp } from '../../src/errors.js'

/** An entry point of the package: its subpath in `exports` and its declaration file (package-relative). */
export interface PackageEntry {
  readonly subpath: string
  readonly file: string
}

/**
 * A Markdown listing of every exported name of each entry point and its declared type, so a public API change shows
 * in review. Read from the emitted declaration files alone (syntax, no type checker): re-exports (`export *`,
 * `export { } from`, `export * as`, an exported import) are followed to their declarations inside the package.
 */
export function apiReport(declarations: ReadonlyMap<string, string>, entries: readonly PackageEntry[]): string {
  const exports = new ExportReader(declarations)
  const parts = [
    '# Public API of the generated package',
    '',
    "Every exported name of each entry point, with its declared type, read from the package's `.d.ts` files.",
    '',
  ]
  for (const { subpath, file } of entries) {
    parts.push(`## \`${subpath}\``, '', '```ts')
    const names = [...exports.of(file)].sort((a, b) => cmp(a[0], b[0]))
    for (const [name, found] of names) for (const d of found) parts.push(describe(name, d))
    parts.push('```', '')
  }
  return parts.join('\n')
}

/** What an exported name stands for: declarations in a file, a whole module (`export * as`), or a module outside the package. */
type Exported =
  | { readonly kind: 'declaration'; readonly node: TS.Node; readonly file: TS.SourceFile }
  | { readonly kind: 'module'; readonly path: string }
  | { readonly kind: 'external'; readonly specifier: string; readonly name: string }

/** The exports of the package's declaration files, each file parsed once and each module's exports resolved once. */
class ExportReader {
  private readonly parsed = new Map<string, TS.SourceFile>()
  private readonly resolved = new Map<string, Map<string, Exported[]>>()

  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  /** Every name the module at `path` exports (`default` aside), with what each stands for. */
  of(path: string): Map<string, Exported[]> {
    const known = this.resolved.get(path)
    if (known !== undefined) return known
    const out = new Map<string, Exported[]>()
    this.resolved.set(path, out) // a cycle of `export *` sees what is known so far
    const file = this.file(path)
    const stars: string[] = []
    for (const statement of file.statements) this.collect(statement, file, out, stars)
    // Names declared in the module win over those of `export *`, as in TypeScript.
    for (const star of stars)
      for (const [name, found] of this.of(star)) if (name !== 'default' && !out.has(name)) out.set(name, found)
    return out
  }

  private collect(statement: TS.Statement, file: TS.SourceFile, out: Map<string, Exported[]>, stars: string[]): void {
    if (ts.isExportDeclaration(statement)) return this.reexport(statement, file, out, stars)
    if (exported(statement)) for (const [name, found] of declared(statement, file)) add(out, name, found)
  }

  private reexport(
    statement: TS.ExportDeclaration,
    file: TS.SourceFile,
    out: Map<string, Exported[]>,
    stars: string[],
  ): void {
    const specifier = statement.moduleSpecifier
    const target = specifier !== undefined && ts.isStringLiteral(specifier) ? this.target(file, specifier.text) : null
    const clause = statement.exportClause
    if (clause === undefined) {
      if (typeof target === 'string') stars.push(target)
      return
    }
    if (ts.isNamespaceExport(clause)) {
      add(out, clause.name.text, typeof target === 'string' ? { kind: 'module', path: target } : target!)
      return
    }
    for (const e of clause.elements) {
      const local = (e.propertyName ?? e.name).text
      const found =
        specifier === undefined
          ? this.local(file, local)
          : typeof target === 'string'
            ? (this.of(target).get(local) ?? [])
            : [{ ...target!, name: local }]
      for (const f of found) add(out, e.name.text, f)
    }
  }

  /** What a name in scope of a file stands for: its own declaration, or what it imports. */
  private local(file: TS.SourceFile, name: string): Exported[] {
    const own = file.statements.flatMap((s) =>
      declared(s, file)
        .filter(([n]) => n === name)
        .map(([, d]) => d),
    )
    if (own.length > 0) return own
    for (const statement of file.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
      const bindings = statement.importClause?.namedBindings
      const target = this.target(file, statement.moduleSpecifier.text)
      if (bindings !== undefined && ts.isNamespaceImport(bindings) && bindings.name.text === name)
        return [typeof target === 'string' ? { kind: 'module', path: target } : target]
      if (bindings === undefined || !ts.isNamedImports(bindings)) continue
      const e = bindings.elements.find((x) => x.name.text === name)
      if (e === undefined) continue
      const imported = (e.propertyName ?? e.name).text
      return typeof target === 'string' ? (this.of(target).get(imported) ?? []) : [{ ...target, name: imported }]
    }
    return []
  }

  /** The package path of a relative `./x.js` specifier's declaration file, or the specifier as an external module. */
  private target(from: TS.SourceFile, specifier: string): string | (Exported & { kind: 'external' }) {
    if (!specifier.startsWith('.')) return { kind: 'external', specifier, name: '' }
    const path = posix.join(posix.dirname(from.fileName), specifier).replace(/\.js$/, '.d.ts')
    return this.texts.has(path) ? path : { kind: 'external', specifier, name: '' }
  }

  private file(path: string): TS.SourceFile {
    let file = this.parsed.get(path)
    if (file === undefined) {
      const text = this.texts.get(path)
      if (text === undefined) throw new EvcatError(`the api report needs ${path}, which the package does not have`)
      file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
      this.parsed.set(path, file)
    }
    return file
  }
}

/** The names a statement declares (a variable statement may declare several), with their declarations. */
function declared(statement: TS.Statement, file: TS.SourceFile): [string, Exported][] {
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.flatMap((d) =>
      ts.isIdentifier(d.name) ? [[d.name.text, { kind: 'declaration', node: d, file }] as [string, Exported]] : [],
    )
  const name = (statement as { name?: TS.Node }).name
  return name !== undefined && ts.isIdentifier(name)
    ? [[name.text, { kind: 'declaration', node: statement, file }]]
    : []
}

function exported(statement: TS.Statement): boolean {
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  )
}

function add(out: Map<string, Exported[]>, name: string, found: Exported): void {
  const list = out.get(name)
  if (list === undefined) out.set(name, [found])
  else if (!list.some((x) => same(x, found))) list.push(found)
}

function same(a: Exported, b: Exported): boolean {
  if (a.kind === 'declaration') return b.kind === 'declaration' && a.node === b.node
  if (a.kind === 'module') return b.kind === 'module' && a.path === b.path
  return b.kind === 'external' && a.specifier === b.specifier && a.name === b.name
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })

/**
 * A node's text as TypeScript prints it, comments dropped, on one line: `{ a: string; b?: number }`, `["x", "y"]`.
 * A printed string literal never holds a line break, so every one joined here is layout.
 */
function text(node: TS.Node, file: TS.SourceFile): string {
  return printer
    .printNode(ts.EmitHint.Unspecified, node, file)
    .replace(/([[(])\n\s*/g, '$1')
    .replace(/,?\n\s*([\])])/g, '$1')
    .replace(/;\n\s*}/g, ' }')
    .replace(/\n\s*/g, ' ')
    .trim()
}

function describe(name: string, found: Exported): string {
  if (found.kind === 'module')
    return `namespace ${name} (${posix.basename(found.path, '.d.ts')} of ${posix.dirname(found.path)})`
  if (found.kind === 'external') return `export ${name} from ${JSON.stringify(found.specifier)}`
  const { node: d, file } = found
  if (ts.isInterfaceDeclaration(d)) {
    const heritage = (d.heritageClauses ?? []).map((h) => ` ${text(h, file)}`).join('')
    return `interface ${name}${typeParameters(d, file)}${heritage} { ${d.members.map((m) => member(m, file)).join('; ')} }`
  }
  if (ts.isTypeAliasDeclaration(d)) return `type ${name}${typeParameters(d, file)} = ${text(d.type, file)}`
  if (ts.isFunctionDeclaration(d)) {
    const parameters = d.parameters.map((p) => text(p, file)).join(', ')
    return `function ${name}${typeParameters(d, file)}(${parameters}): ${d.type === undefined ? 'void' : text(d.type, file)}`
  }
  if (ts.isVariableDeclaration(d)) {
    const type =
      d.type !== undefined
        ? `: ${text(d.type, file)}`
        : d.initializer !== undefined
          ? ` = ${text(d.initializer, file)}`
          : ''
    return `const ${name}${type}`
  }
  return `${ts.SyntaxKind[d.kind]} ${name}`
}

function typeParameters(d: TS.DeclarationWithTypeParameterChildren, file: TS.SourceFile): string {
  const list = d.typeParameters ?? []
  return list.length === 0 ? '' : `<${list.map((p) => text(p, file)).join(', ')}>`
}

/** An interface member by name: `name`, `name?`, `name()` for a method, the signature of an index or a call. */
function member(m: TS.TypeElement, file: TS.SourceFile): string {
  const optional = m.questionToken !== undefined ? '?' : ''
  if (ts.isPropertySignature(m)) return `${m.name.getText(file)}${optional}`
  if (ts.isMethodSignature(m)) return `${m.name.getText(file)}${optional}()`
  return text(m, file).replace(/;$/, '')
}
