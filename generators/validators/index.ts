import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import standaloneModule from 'ajv/dist/standalone/index.js'
import { _ } from 'ajv'
import { ESM_JAVASCRIPT, ts } from '../typescript.js'
import { createPayloadAjv } from '../../src/schema/ajv.js'
import { Identifier, docComment, quote } from '../../src/emit/code.js'
import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import { walk } from '../../src/schema/walk.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'
import { packageRoot } from '../../src/package-root.js'
import { detectKeys } from './schemas.js'
import { ValidatorRegistry, compileView, type ViewValidators } from './views.js'

// ajv's standalone module is CommonJS; under NodeNext its default export is the module object.
type StandaloneCode = (ajv: unknown, refsOrFunc?: Record<string, string>) => string
const standaloneCode: StandaloneCode =
  (standaloneModule as unknown as { default?: StandaloneCode }).default ??
  (standaloneModule as unknown as StandaloneCode)

// The folder under out/ is fixed, not an option: `evcat validate` and the package generator read the
// generators' files at these paths.
const DIR = 'validators'

/** Runtime modules shipped next to the validators (transpiled from src/runtime, the one source of truth). */
export const RUNTIME_MODULES = [
  'ajv-runtime',
  'date-time',
  'dispatch',
  'formats',
  'json',
  'messages',
  'parse',
  'pointer',
  'server-view',
  'version',
] as const

/** Generates precompiled ajv standalone validators per family, a dispatch table per family, and their runtime. */
export const validatorsGenerator: Generator = {
  name: 'validators',
  defaults: {},
  reads: () => [],
  async generate(model: CatalogModel): Promise<readonly GeneratedFile[]> {
    const files: GeneratedFile[] = model.families.map((f) => familyModule(f, DIR))
    const tables = model.families.map((f) => new Identifier(f.tableName))
    files.push({
      path: `${DIR}/index.js`,
      language: 'js',
      sources: ['catalog.yaml'],
      contents:
        model.families.map((f, i) => `import { ${tables[i]} } from ${quote(`./${f.id}.gen.js`)};\n`).join('') +
        `\n/** Every family's dispatch table. */\nexport const tables = [${tables.join(', ')}];\n\nexport { ${tables.join(', ')} };\n`,
    })
    for (const name of RUNTIME_MODULES) files.push(runtimeModule(name, DIR))
    return files
  },
}

function familyModule(family: FamilyModel, dir: string): GeneratedFile {
  const ajv = createPayloadAjv({ standalone: true })
  // Function formats are looked up in the `formats` object the module imports (see src/runtime/formats.ts).
  ;(ajv.opts.code as { formats?: unknown }).formats = _`formats`
  const registry = new ValidatorRegistry(ajv, family.id)
  const all = compileView(registry, family)
  const versions = (family.versions?.known ?? []).map((v) => [v, compileView(registry, family, v)] as const)
  const code =
    standaloneCode(ajv, registry.exports).replace(/^"use strict";/, '') +
    [...registry.aliases].map(([alias, name]) => `\nexport const ${alias} = ${name};`).join('')
  const contents = [
    `import { ajvRequire as require } from "./runtime/ajv-runtime.js";`,
    `import { formats } from "./runtime/formats.js";`,
    '',
    code,
    '',
    docComment(`${family.title}: discriminator, groups and events, for evcat's dispatcher.`).trimEnd(),
    `export const ${new Identifier(family.tableName)} = {`,
    `  family: ${quote(family.id)},`,
    `  discriminator: ${JSON.stringify(family.discriminator)},`,
    `  envelope: ${all.envelope},`,
    `  groups: [\n${groupEntries(family, all)}  ],`,
    `  events: [\n${eventEntries(family, all)}  ],`,
    `  exactIntegers: ${hasExactIntegers(family)},`,
    ...(versions.length === 0
      ? []
      : [`  versions: {\n${versions.map(([v, view]) => versionEntry(family, all, v, view)).join('')}  },`]),
    `};`,
  ].join('\n')
  const sources = [...new Set([family.source.file, ...family.events.map((e) => e.source.file)])].sort()
  return { path: `${dir}/${family.id}.gen.js`, language: 'js', sources, contents }
}

function groupEntries(family: FamilyModel, all: ViewValidators): string {
  return family.groups
    .map(
      (g, i) =>
        `    { id: ${quote(g.id)}, direction: ${quote(g.direction)}, match: ${JSON.stringify(matchValues(family, g.schema))}, ` +
        `payloadAt: ${quote(g.payloadAt)}, detect: ${JSON.stringify(detectKeys(g))}, validate: ${all.groups[i] ?? 'null'} },\n`,
    )
    .join('')
}

function eventEntries(family: FamilyModel, all: ViewValidators): string {
  return family.events
    .map((e) => {
      const v = all.events.get(e.name)!
      const match = family.discriminator.filter((p) => e.match[p] !== undefined).map((p) => e.match[p])
      const around = v.around === null ? '' : `, around: ${v.around}`
      return `    { name: ${quote(e.name)}, group: ${quote(e.group)}, match: ${JSON.stringify(match)}, validate: ${v.validate}${around} },\n`
    })
    .join('')
}

/** One server version's view: its envelope and group validators, the events whose validators differ, and those it never sends. */
function versionEntry(family: FamilyModel, all: ViewValidators, version: string, view: ViewValidators): string {
  const changed: string[] = []
  const absent: number[] = []
  family.events.forEach((e, i) => {
    const mine = view.events.get(e.name)
    const base = all.events.get(e.name)!
    if (mine === undefined) absent.push(i)
    else if (mine.validate !== base.validate || mine.around !== base.around)
      changed.push(`[${i}, ${mine.validate}, ${mine.around ?? 'null'}]`)
  })
  return (
    `    ${quote(version)}: {\n` +
    `      envelope: ${view.envelope},\n` +
    `      groups: [${view.groups.map((g) => g ?? 'null').join(', ')}],\n` +
    `      events: [${changed.join(', ')}],\n` +
    `      absent: ${JSON.stringify(absent)},\n` +
    `    },\n`
  )
}

/** Whether any schema of the family marks an exact big integer (`x-bigint`): only then must its records be parsed exactly. */
function hasExactIntegers(family: FamilyModel): boolean {
  let found = false
  const look = (schema: unknown): void =>
    walk(schema, '', (node) => {
      if (node['x-bigint'] === true) found = true
    })
  look(family.envelope)
  for (const d of Object.values(family.definitions)) look(d)
  for (const g of family.groups) look(g.schema)
  for (const e of family.events) look(e.schema)
  return found
}

/** A group's own discriminator values, read back from the consts its schema carries. */
function matchValues(family: FamilyModel, schema: Record<string, unknown>): string[] {
  const out: string[] = []
  for (const pointer of family.discriminator) {
    let node: Record<string, unknown> | undefined = schema
    for (const seg of pointer.slice(1).split('/'))
      node = (node?.['properties'] as Record<string, Record<string, unknown>> | undefined)?.[seg]
    const c = node?.['const']
    if (typeof c !== 'string') break
    out.push(c)
  }
  return out
}

function runtimeModule(name: string, dir: string): GeneratedFile {
  const source = readFileSync(join(packageRoot(), 'src', 'runtime', `${name}.ts`), 'utf8')
  const js = ts.transpileModule(source, { compilerOptions: ESM_JAVASCRIPT }).outputText
  return { path: `${dir}/runtime/${name}.js`, language: 'js', sources: [], contents: js }
}
