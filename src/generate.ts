import type { GeneratedFile, Generator } from './emit/generated-file.js'
import type { CatalogModel } from './model/types.js'

/** Runs generators in order over the model with their default options (or the given ones) and gathers their files. */
export async function generate(
  model: CatalogModel,
  generators: readonly Generator<never>[],
  options: Readonly<Record<string, unknown>> = {},
): Promise<GeneratedFile[]> {
  const out: GeneratedFile[] = []
  for (const g of generators) {
    const opts = { ...(g.defaults as object), ...((options[g.name] as object | undefined) ?? {}) }
    out.push(...(await g.generate(model, opts as never, out)))
  }
  return out
}
