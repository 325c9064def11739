/**
 * A function of an object remembered per object, for as long as the values it was computed with stay the same
 * (each compared by identity): `context` gives those values for a call, so another family's sources, or a node
 * edited since (`evcat infer` edits the schemas it proposes), computes again. Kept in a WeakMap, so what the
 * model lets go is let go here too.
 */
export function memoPerObject<K extends object, A extends unknown[], V>(
  compute: (key: K, ...args: A) => V,
  context: (key: K, ...args: A) => readonly unknown[],
): (key: K, ...args: A) => V {
  const memo = new WeakMap<K, { context: readonly unknown[]; value: V }>()
  return (key, ...args) => {
    const now = context(key, ...args)
    const seen = memo.get(key)
    if (seen !== undefined && seen.context.length === now.length && seen.context.every((c, i) => c === now[i]))
      return seen.value
    const value = compute(key, ...args)
    memo.set(key, { context: now, value })
    return value
  }
}
