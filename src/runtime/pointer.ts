/** Pre-split JSON Pointer: the segments, unescaped once so the hot path only indexes. */
export type Path = readonly string[]

/** Splits a JSON Pointer into unescaped segments. */
export function toPath(pointer: string): Path {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** Escapes one JSON Pointer segment: `~` → `~0`, `/` → `~1`. */
export function escapeSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** The value at a path, or undefined; only own properties count, so `__proto__` is data, never the prototype. */
export function valueAt(value: unknown, path: Path): unknown {
  let node = value
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}
