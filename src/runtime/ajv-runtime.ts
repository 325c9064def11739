/** Length in Unicode code points, as JSON Schema's minLength/maxLength count (ajv's ucs2length). */
export function ucs2length(value: string): number {
  let length = 0
  for (let i = 0; i < value.length; i++) {
    length++
    const code = value.charCodeAt(i)
    // A high surrogate followed by a low one is one code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1)
      if ((next & 0xfc00) === 0xdc00) i++
    }
  }
  return length
}

/** Deep equality of JSON values, as `const`, `enum` and `uniqueItems` need (ajv's fast-deep-equal). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => equal(x, bb[i]))
  }
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  for (const k of ka) {
    if (
      !Object.prototype.hasOwnProperty.call(b, k) ||
      !equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    )
      return false
  }
  return true
}

const MODULES: Record<string, { default: unknown }> = {
  'ajv/dist/runtime/ucs2length': { default: ucs2length },
  'ajv/dist/runtime/equal': { default: equal },
}

/**
 * Stands in for `require` in ajv's standalone code, which calls it for a few runtime helpers even in
 * ESM mode; evcat's generated validators declare `const require = ajvRequire` so they need no ajv at run time.
 */
export function ajvRequire(id: string): { default: unknown } {
  const m = MODULES[id]
  if (m === undefined) throw new Error(`evcat runtime: generated validator needs ${id}, which evcat does not provide`)
  return m
}
