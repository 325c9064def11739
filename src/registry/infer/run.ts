import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { UsageError, cmp, type Diagnostic } from '../../errors.js'
import type { FamilyModel } from '../../model/types.js'
import type { InputKind } from '../../validate/types.js'
import { CatalogSideError, isFile } from '../source/catalog.js'
import { findVersion } from '../../runtime/version.js'
import { collect, type Observations } from './collect.js'
import { propose, type Proposal } from './propose.js'
import { applyPatch } from './yaml-edit.js'

/** What `evcat infer` reads and where it writes. */
export interface InferOptions {
  readonly catalog: string
  readonly inputs: readonly string[]
  readonly family?: string
  /** `F@V`: the captures come from version V of family F. */
  readonly server?: string
  readonly kind?: InputKind
}

/** What `evcat infer` found and proposes: new file texts, their unified diff, and lint of the result. */
export interface InferResult {
  readonly observations: Observations
  readonly proposals: readonly Proposal[]
  /** Catalog-relative path → new text, for every file the proposals change. */
  readonly texts: ReadonlyMap<string, string>
  readonly diff: string
  /** Errors `evcat lint` finds in the catalog with the proposals applied (none, unless evcat infer has a bug). */
  readonly lint: readonly Diagnostic[]
}

/** Reads the captures, proposes catalog edits for what the catalog does not know, and checks the result. */
export async function runInfer(options: InferOptions): Promise<InferResult> {
  const [{ loadCatalog, catalogFromTexts, toValue }, { checkCatalog }, { buildModel }] = await Promise.all([
    import('../../catalog/load.js'),
    import('../../catalog/check.js'),
    import('../../model/build.js'),
  ])
  const raw = await loadCatalog(options.catalog)
  const checked = checkCatalog(raw)
  const errors = checked.diagnostics.filter((d) => d.severity === 'error')
  if (checked.catalog === undefined) throw new CatalogSideError(`in ${options.catalog}`, errors)
  const model = buildModel(checked.catalog)
  const server = parseServer(options.server, model.families)
  for (const input of options.inputs) {
    if (input !== '-' && !(await isFile(input)))
      throw new UsageError(`capture "${input}" does not exist or is not a file`)
  }
  if (options.family !== undefined && !model.families.some((f) => f.id === options.family)) {
    throw new UsageError(
      `no family "${options.family}"; the catalog has: ${model.families.map((f) => f.id).join(', ')}`,
    )
  }
  const observations = await collect(model.families, options.inputs, {
    ...(options.family === undefined ? {} : { family: options.family }),
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    ...(server === undefined ? {} : { server }),
  })
  const files = new Map(raw.files.map((f) => [f.path, toValue(f) as Record<string, unknown>]))
  const { proposals, patches } = propose(observations, {
    model,
    files,
    catalogDir: options.catalog,
    ...(server === undefined ? {} : { server }),
  })
  const before = new Map(raw.files.map((f) => [f.path, f.text]))
  const texts = new Map<string, string>()
  for (const [path, patch] of [...patches.byFile].sort(([a], [b]) => cmp(a, b))) {
    const old = before.get(path) ?? newGroupFile(path)
    const text = applyPatch(old, patch)
    if (text !== before.get(path)) texts.set(path, text)
  }
  const all = Object.fromEntries([...before, ...texts])
  const lint = checkCatalog(catalogFromTexts(options.catalog, all)).diagnostics.filter((d) => d.severity === 'error')
  return { observations, proposals, texts, diff: unifiedDiff(options.catalog, before, texts), lint }
}

/** Writes the proposed texts into the catalog folder. */
export async function writeInferred(catalog: string, texts: ReadonlyMap<string, string>): Promise<void> {
  for (const [path, text] of texts) {
    await mkdir(dirname(join(catalog, path)), { recursive: true })
    await writeFile(join(catalog, path), text)
  }
}

function parseServer(server: string | undefined, families: readonly FamilyModel[]) {
  if (server === undefined) return undefined
  const m = /^([a-z0-9-]+)@(.+)$/.exec(server)
  if (m === null) throw new UsageError(`--server takes FAMILY@VERSION (lxd@5.0.2), not "${server}"`)
  const family = families.find((f) => f.id === m[1])
  if (family === undefined) throw new UsageError(`--server ${server}: no family "${m[1]}"`)
  const known = family.versions?.known
  if (known === undefined)
    throw new UsageError(`--server ${server}: family ${m[1]} lists no versions (versions.known in its family.yaml)`)
  const version = findVersion(known, m[2]!)
  if (version === undefined) {
    throw new UsageError(`--server ${server}: ${m[2]} is not a known version of ${m[1]}; known: ${known.join(', ')}`)
  }
  return { family: m[1]!, version }
}

function newGroupFile(path: string): string {
  const group = path
    .split('/')
    .pop()!
    .replace(/\.ya?ml$/, '')
  return `# yaml-language-server: $schema=../schemas/group.schema.json\ngroup: ${group}\nevents: []\n`
}

/** A unified diff (git's a/ b/ form) of every changed file, in path order. */
export function unifiedDiff(
  catalog: string,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string {
  // Paths from the working folder, as git apply and patch -p1 expect them.
  const rel = relative(process.cwd(), resolve(catalog)).split(sep).join('/')
  const prefix = rel.startsWith('..') || isAbsolute(rel) ? resolve(catalog).replace(/^\/+/, '') : rel
  return [...after]
    .map(([path, text]) => {
      const old = before.get(path)
      const patch = createTwoFilesPatch(
        old === undefined ? '/dev/null' : `a/${prefix}/${path}`,
        `b/${prefix}/${path}`,
        old ?? '',
        text,
        undefined,
        undefined,
        { context: 3 },
      )
      return patch.replace(/^={3,}\n/, '')
    })
    .join('')
}
