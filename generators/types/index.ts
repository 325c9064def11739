import { compile } from 'json-schema-to-typescript'
import { format } from 'prettier'
import { CatalogError, cmp, type Diagnostic } from '../../src/errors.js'
import { Identifier, constList, mapInterface, unionType } from '../../src/emit/code.js'
import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import { reachableDefinitions } from '../../src/schema/refs.js'
import { closeObjects } from '../../src/schema/rewrite.js'
import { definitionTypeName } from '../../src/model/names.js'
import type { CatalogModel, EventModel, FamilyModel, GroupModel } from '../../src/model/types.js'
import type { JsonSchema } from '../../src/schema/types.js'
import { annotateForTypes } from './annotate.js'
import { eventDoc } from './doc.js'

// The folder under out/ is fixed, not an option: `evcat validate` and the package generator read the
// generators' files at these paths.
const DIR = 'types'

/** Generates one `.gen.ts` per family (an interface per event, unions per group and family, maps, name lists) and a barrel. */
export const typesGenerator: Generator = {
  name: 'types',
  defaults: {},
  reads: () => [],
  async generate(model: CatalogModel): Promise<readonly GeneratedFile[]> {
    const files: GeneratedFile[] = []
    for (const family of model.families) files.push(await familyTypes(family))
    files.push({
      path: `${DIR}/index.ts`,
      language: 'ts',
      sources: ['catalog.yaml'],
      contents: model.families.map((f) => `export * from ${JSON.stringify(`./${f.id}.gen.js`)}\n`).join(''),
    })
    return files
  },
}

/** The union, map and list names of one group. */
export interface GroupNames {
  readonly group: GroupModel
  readonly events: readonly EventModel[]
  /** The union's name; the single event's own type when the group is that one event (LXD `logging`). */
  readonly union: Identifier
  readonly declare: boolean
  readonly map?: Identifier
  readonly list?: Identifier
}

/** Decides the names of each group's union, map and list; a clash with an event type name is a catalog error. */
export function groupNames(family: FamilyModel): GroupNames[] {
  const eventNames = new Set(family.events.map((e) => e.typeName))
  const problems: Diagnostic[] = []
  const out: GroupNames[] = []
  for (const group of family.groups) {
    const events = family.events.filter((e) => e.group === group.id)
    if (events.length === 0) continue
    const name = group.unionName
    const single = events.length === 1 && events[0]!.typeName === name
    if (eventNames.has(name) && !single) {
      problems.push({
        code: 'name-collision',
        severity: 'error',
        message: `group "${group.id}" of ${family.id} generates ${name}, which is also an event's type name`,
        location: family.source,
        hint: 'set typeName: on that event',
      })
      continue
    }
    const keyed = group.key !== undefined
    out.push({
      group,
      events,
      union: new Identifier(name),
      declare: !single,
      ...(keyed
        ? {
            map: new Identifier(`${name}Map`),
            list: new Identifier(group.nameListName),
          }
        : {}),
    })
  }
  if (problems.length > 0) throw new CatalogError(problems)
  return out
}

const COMPILE_OPTIONS = {
  bannerComment: '',
  additionalProperties: false,
  declareExternallyReferenced: false,
  enableConstEnums: false,
  strictIndexSignatures: true,
  unreachableDefinitions: false,
  // One prettier pass over the whole file is 10× cheaper than formatting schema by schema.
  format: false,
} as const

/** Prettier settings for every generated TypeScript file; prettier is pinned, so output is byte-stable. */
export const PRETTIER_OPTIONS = {
  parser: 'babel-ts',
  singleQuote: false,
  semi: true,
  printWidth: 120,
  trailingComma: 'all',
  tabWidth: 2,
} as const

async function familyTypes(family: FamilyModel): Promise<GeneratedFile> {
  const groups = groupNames(family)
  const server = groups.filter((g) => g.group.direction === 'server')
  // Shared fragments get family-prefixed titles so barrels never export two `Requestor`s.
  const definitions: Record<string, JsonSchema> = {}
  for (const [name, schema] of Object.entries(family.definitions)) {
    definitions[name] = annotateForTypes(closeObjects(schema), definitionTypeName(family.typePrefix, name))
  }
  const chunks: string[] = []
  const familyUnion = new Identifier(family.unionName)
  chunks.push(
    unionType(
      familyUnion,
      server.map((g) => g.union),
      `Every message ${family.title} sends, discriminated by ${family.discriminator.join(', then ')}.`,
    ),
  )
  for (const g of groups) chunks.push(groupExtras(g))
  chunks.push(familyExtras(family))
  // json-schema-to-typescript does the schema → type work, one schema at a time; evcat assembles the file.
  for (const name of Object.keys(definitions)) {
    const title = definitionTypeName(family.typePrefix, name)
    chunks.push(
      await compile(
        {
          ...(definitions[name] as object),
          definitions: reachableDefinitions(definitions[name], definitions),
        } as never,
        title,
        COMPILE_OPTIONS,
      ),
    )
  }
  for (const e of family.events) {
    const schema = {
      ...annotateForTypes(closeObjects(e.schema), e.typeName),
      description: safeDoc(eventDoc(family, e)),
      definitions: reachableDefinitions(e.schema, definitions),
    }
    chunks.push(await compile(schema as never, e.typeName, COMPILE_OPTIONS))
  }
  const contents = await format(chunks.join('\n'), PRETTIER_OPTIONS)
  return { path: `${DIR}/${family.id}.gen.ts`, language: 'ts', sources: familySources(family), contents }
}

/** A group's union, map and name list (json-schema-to-typescript has no discriminated unions; evcat writes them). */
function groupExtras(g: GroupNames): string {
  const parts: string[] = []
  const members = g.events.map((e) => new Identifier(e.typeName))
  if (g.declare)
    parts.push(
      unionType(
        g.union,
        members,
        `Every event of the group "${g.group.title}"${g.group.direction === 'client' ? ' (client → server)' : ''}.`,
      ),
    )
  if (g.map !== undefined && g.list !== undefined) {
    const key = g.group.key!
    const entries = g.events
      .map((e) => [e.match[key]!, new Identifier(e.typeName)] as const)
      .sort((a, b) => cmp(a[0], b[0]))
    parts.push(
      mapInterface(g.map, entries, `${g.group.title}: the value at ${key} → its event type, for typed handlers.`),
    )
    parts.push(
      constList(
        g.list,
        entries.map(([k]) => k),
        `Every value at ${key} the catalog knows for "${g.group.title}".`,
      ),
    )
  }
  return parts.join('\n')
}

/** The family-wide name → type map and the runtime list of every event name. */
function familyExtras(family: FamilyModel): string {
  const server = family.events.filter((e) => e.direction === 'server')
  const byName = server.map((e) => [e.name, new Identifier(e.typeName)] as const).sort((a, b) => cmp(a[0], b[0]))
  return [
    mapInterface(new Identifier(family.eventMapName), byName, `Event name → event type, for every ${family.id} event.`),
    constList(
      new Identifier(family.nameListName),
      byName.map(([k]) => k),
      `Every ${family.id} event name the catalog knows.`,
    ),
  ].join('\n')
}

function familySources(family: FamilyModel): string[] {
  return [...new Set([family.source.file, ...family.events.map((e) => e.source.file)])].sort(cmp)
}

function safeDoc(text: string): string {
  return text.replace(/\*\//g, '*\\/')
}
