// The branches of two choices of shapes (anyOf/oneOf), matched one to one where they can be.
import { resolveRef } from '../../schema/resolve.js'
import type { Definitions, JsonSchema } from '../../schema/types.js'
import { canonicalJson } from '../snapshot.js'
import { describeSchema, jsonTypes, semanticKey } from './keywords.js'
import type { SchemaComparison } from './schema.js'

/** One side of a choice: its keyword (`anyOf`, `oneOf`, or `single` for a node that was no choice) and branches. */
export interface Choice {
  readonly keyword: 'anyOf' | 'oneOf' | 'single'
  readonly branches: readonly JsonSchema[]
}

/**
 * Pairs the branches of two choices (the same schema; else the same `$ref`; else the same JSON types; else, when as
 * many are left on both sides, in order) and compares each pair; a branch left over was removed or added.
 */
export function compareBranches(
  c: SchemaComparison,
  [a, b]: readonly [Choice, Choice],
  [da, db]: readonly [Definitions, Definitions],
  pointer: string,
): void {
  const restA = a.branches.map((s, i) => ({ s, i }))
  const restB = b.branches.map((s, i) => ({ s, i }))
  const pairs: [JsonSchema, JsonSchema][] = []
  const keys: ((s: JsonSchema, d: Definitions) => string)[] = [
    (s) => semanticKey(s),
    (s) => (typeof s['$ref'] === 'string' ? s['$ref'] : `-${semanticKey(s)}`),
    (s, d) => canonicalJson([...jsonTypes(resolveRef(s, d).node)].sort()),
  ]
  for (const key of keys) {
    for (let n = 0; n < restB.length; n++) {
      const at = restA.findIndex((x) => key(x.s, da) === key(restB[n]!.s, db))
      if (at < 0) continue
      pairs.push([restA.splice(at, 1)[0]!.s, restB.splice(n--, 1)[0]!.s])
    }
  }
  if (restA.length === restB.length) restA.forEach((x, n) => pairs.push([x.s, restB[n]!.s]))
  for (const [x, y] of pairs) c.node(x, y, pointer, true)
  if (restA.length === restB.length) return
  const what = (choice: Choice, i: number, s: JsonSchema) =>
    choice.keyword === 'single'
      ? `the former ${describeSchema(s)}`
      : `${choice.keyword} branch ${i + 1} (${describeSchema(s)})`
  for (const x of restA) c.add('union-member-removed', pointer, `${what(a, x.i, x.s)} removed`)
  for (const x of restB) c.add('union-member-added', pointer, `${what(b, x.i, x.s)} added`)
}
