import { Append, Insert, Rekey, SetValue, type Patch } from './yaml-edit.js'

/** Patches per catalog file, merged as proposals add to them (two fields under one new map stay one map). */
export class Patches {
  readonly byFile = new Map<string, Patch>()

  /** Merges a change at a YAML path of a file. */
  add(file: string, path: readonly (string | number)[], change: Patch): void {
    let node = this.byFile.get(file)
    if (node === undefined) this.byFile.set(file, (node = {}))
    for (const seg of path) {
      const key = String(seg)
      const next = node[key]
      if (next === undefined || !isPlain(next)) node[key] = {}
      node = node[key] as Patch
    }
    merge(node, change)
  }
}

function merge(into: Patch, change: Patch): void {
  for (const [key, value] of Object.entries(change)) {
    const have = into[key]
    if (have === undefined) into[key] = value
    else if (have instanceof Append && value instanceof Append)
      into[key] = new Append([...have.values, ...value.values])
    else if (have instanceof Insert && value instanceof Insert) into[key] = new Insert([...have.items, ...value.items])
    else if (isPlain(have) && isPlain(value)) merge(have as Patch, value as Patch)
    else if (value instanceof SetValue || value instanceof Rekey) into[key] = value
  }
}

function isPlain(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype
}
