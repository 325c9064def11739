/** How many objects a memo remembers by default; the real catalog needs about 5,500 in the largest one. */
export const MEMO_LIMIT = 8192

/**
 * A function of an object remembered per object, for as long as the values it was computed with stay the same
 * (each compared by identity): `context` gives those values for a call, so another family's sources, or a node
 * edited since (`evcat infer` edits the schemas it proposes), computes again. Kept in a WeakMap, so what the
 * model lets go is let go here too; and at most `limit` objects are remembered (the oldest is forgotten first),
 * so a catalog of 10,000 events does not keep every page's views alive to the end of the run.
 */
export function memoPerObject<K extends object, A extends unknown[], V>(
  compute: (key: K, ...args: A) => V,
  context: (key: K, ...args: A) => readonly unknown[],
  limit: number = MEMO_LIMIT,
): (key: K, ...args: A) => V {
  const memo = new WeakMap<K, { context: readonly unknown[]; value: V }>()
  // The remembered objects, oldest first, held weakly: the queue must not keep alive what the WeakMap would let go.
  let order: WeakRef<K>[] = []
  let head = 0
  const remember = (key: K): void => {
    order.push(new WeakRef(key))
    if (order.length - head > limit) {
      const oldest = order[head++]!.deref()
      if (oldest !== undefined) memo.delete(oldest)
    }
    if (head > 1024 && head * 2 > order.length) {
      order = order.slice(head)
      head = 0
    }
  }
  return (key, ...args) => {
    const now = context(key, ...args)
    const seen = memo.get(key)
    if (seen !== undefined && seen.context.length === now.length && seen.context.every((c, i) => c === now[i]))
      return seen.value
    const value = compute(key, ...args)
    if (seen === undefined) remember(key)
    memo.set(key, { context: now, value })
    return value
  }
}
