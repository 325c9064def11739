import type { GeneratedFile, Generator } from './emit/generated-file.js'
import type { CatalogModel } from './model/types.js'

/** Runs generators in order over the model with their default options (or the given ones) and gathers their files. */
export async function generate(
  model: CatalogModel,
  generators: readonly Generator<never>[],
  options: Readonly<Record<string, unknown>> = {},
): Promise<GeneratedFile[]> {
  const out: GeneratedFile[] = []
  for (const g of generators) out.push(...(await g.generate(model, optionsOf(g, options), out)))
  return out
}

/**
 * The files of `generate`, in the same order, yielded as each generator returns them, so that a consumer that
 * writes each file and lets it go (`writeOutputStream`) never holds the whole output. Of the files already made,
 * it keeps only those a later generator reads (its `reads`); a generator that does not say what it reads is given
 * every earlier file, as `generate` gives it.
 */
export async function* generateStream(
  model: CatalogModel,
  generators: readonly Generator<never>[],
  options: Readonly<Record<string, unknown>> = {},
): AsyncGenerator<GeneratedFile> {
  let kept: GeneratedFile[] = []
  for (const [i, g] of generators.entries()) {
    const made: (GeneratedFile | undefined)[] = [...(await g.generate(model, optionsOf(g, options), kept))]
    const wanted = readBy(generators.slice(i + 1), options)
    kept = [...kept, ...(made as GeneratedFile[])].filter(wanted)
    for (let j = 0; j < made.length; j++) {
      const file = made[j]!
      made[j] = undefined
      yield file
    }
  }
}

function optionsOf(g: Generator<never>, options: Readonly<Record<string, unknown>>): never {
  return { ...(g.defaults as object), ...((options[g.name] as object | undefined) ?? {}) } as never
}

/** Whether any of these generators reads a file: a path it names, or one under a folder (`types/`) it names. */
function readBy(
  generators: readonly Generator<never>[],
  options: Readonly<Record<string, unknown>>,
): (file: GeneratedFile) => boolean {
  const paths: string[] = []
  for (const g of generators) {
    if (g.reads === undefined) return () => true
    paths.push(...g.reads(optionsOf(g, options)))
  }
  return (file) => paths.some((p) => (p.endsWith('/') ? file.path.startsWith(p) : file.path === p))
}
