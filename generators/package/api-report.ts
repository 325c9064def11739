import { Node, ts, type Project } from 'ts-morph'
import { cmp } from '../../src/errors.js'

const FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope

/** A Markdown listing of every exported name of each entry point and its type, so a public API change shows in review. */
export function apiReport(
  project: Project,
  entries: readonly { readonly subpath: string; readonly file: string }[],
): string {
  const parts = [
    '# Public API of the generated package',
    '',
    'Every exported name of each entry point, with its type. Generated with ts-morph.',
    '',
  ]
  for (const { subpath, file } of entries) {
    const source = project.getSourceFileOrThrow(file)
    parts.push(`## \`${subpath}\``, '', '```ts')
    const exported = [...source.getExportedDeclarations()].sort((a, b) => cmp(a[0], b[0]))
    for (const [name, declarations] of exported) for (const d of declarations) parts.push(describe(name, d))
    parts.push('```', '')
  }
  return parts.join('\n')
}

function describe(name: string, d: Node): string {
  if (Node.isInterfaceDeclaration(d)) {
    const members = d.getProperties().map((p) => `${p.getName()}${p.hasQuestionToken() ? '?' : ''}`)
    return `interface ${name} { ${members.join('; ')} }`
  }
  if (Node.isTypeAliasDeclaration(d)) return `type ${name} = ${d.getTypeNodeOrThrow().getText().replace(/\s+/g, ' ')}`
  if (Node.isFunctionDeclaration(d)) return `function ${name}${d.getType().getText(d, FLAGS).replace(/ => /, ': ')}`
  if (Node.isVariableDeclaration(d)) return `const ${name}: ${d.getType().getText(d, FLAGS)}`
  if (Node.isSourceFile(d))
    return `namespace ${name} (${d.getBaseNameWithoutExtension()} of ${d.getDirectory().getBaseName()})`
  return `${d.getKindName()} ${name}`
}
