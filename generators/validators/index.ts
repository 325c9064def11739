import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import standaloneModule from 'ajv/dist/standalone/index.js'
import { _ } from 'ajv'
import { ts } from 'ts-morph'
import { createPayloadAjv } from '../../src/schema/ajv.js'
import { Identifier, docComment, quote } from '../../src/emit/code.js'
import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import { walk } from '../../src/schema/walk.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'
import { packageRoot } from '../../src/package-root.js'
import {
  definitionsSchema,
  detectKeys,
  envelopeSchema,
  eventSchema,
  groupSchema,
  type ValidatorSchema,
} from './schemas.js'

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
] as const

/** Generates precompiled ajv standalone validators per family, a dispatch table per family, and their runtime. */
export const validatorsGenerator: Generator = {
  name: 'validators',
  defaults: {},
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
  ajv.addSchema(definitionsSchema(family))
  const all: ValidatorSchema[] = [envelopeSchema(family)]
  const groupExport = new Map<string, string | null>()
  for (const g of family.groups) {
    const s = groupSchema(family, g)
    groupExport.set(g.id, s?.exportName ?? null)
    if (s) all.push(s)
  }
  const eventExport = new Map<string, string>()
  for (const e of family.events) {
    const s = eventSchema(
      family,
      family.groups.find((g) => g.id === e.group)!,
      e,
    )
    eventExport.set(e.name, s.exportName)
    all.push(s)
  }
  const exportsMap: Record<string, string> = {}
  for (const s of all) {
    ajv.addSchema(s.schema, s.id)
    exportsMap[new Identifier(s.exportName).name] = s.id
  }
  const code = standaloneCode(ajv, exportsMap).replace(/^"use strict";/, '')
  const table = new Identifier(family.tableName)
  const groups = family.groups.map(
    (g) =>
      `    { id: ${quote(g.id)}, direction: ${quote(g.direction)}, match: ${JSON.stringify(matchValues(family, g.schema))}, payloadAt: ${quote(g.payloadAt)}, detect: ${JSON.stringify(detectKeys(g))}, validate: ${groupExport.get(g.id) ?? 'null'} },\n`,
  )
  const events = family.events.map(
    (e) =>
      `    { name: ${quote(e.name)}, group: ${quote(e.group)}, match: ${JSON.stringify(family.discriminator.filter((p) => e.match[p] !== undefined).map((p) => e.match[p]))}, validate: ${eventExport.get(e.name)} },\n`,
  )
  const contents = [
    `import { ajvRequire as require } from "./runtime/ajv-runtime.js";`,
    `import { formats } from "./runtime/formats.js";`,
    '',
    code,
    '',
    docComment(`${family.title}: discriminator, groups and events, for evcat's dispatcher.`).trimEnd(),
    `export const ${table} = {`,
    `  family: ${quote(family.id)},`,
    `  discriminator: ${JSON.stringify(family.discriminator)},`,
    `  envelope: ${family.envelopeValidatorName},`,
    `  groups: [\n${groups.join('')}  ],`,
    `  events: [\n${events.join('')}  ],`,
    `  exactIntegers: ${hasExactIntegers(family)},`,
    `};`,
  ].join('\n')
  const sources = [...new Set([family.source.file, ...family.events.map((e) => e.source.file)])].sort()
  return { path: `${dir}/${family.id}.gen.js`, language: 'js', sources, contents }
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
  const js = ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true,
      removeComments: false,
    },
  }).outputText
  return { path: `${dir}/runtime/${name}.js`, language: 'js', sources: [], contents: js }
}
