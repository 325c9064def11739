import { parse, stringify } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { validateCatalog } from '../../src/catalog/check.js'
import { loadCatalog } from '../../src/catalog/load.js'
import { stringifyYaml } from '../../src/emit/yaml.js'
import { buildModel } from '../../src/model/build.js'
import { Rng } from '../../src/prng.js'
import { asyncapiDocument } from '../../generators/asyncapi/document.js'
import { buildFixtures } from '../../generators/fixtures/build.js'

// The `yaml` library's stringify with the options evcat printed AsyncAPI documents with before it had its own
// printer: the bytes ours must match, so that out/ did not change.
const YAML_OPTIONS = { aliasDuplicateObjects: false, lineWidth: 0, minContentWidth: 0 } as const

// Pieces of strings a YAML reader may take for something else: core-schema scalars, indicators, comment and
// mapping markers, document markers, quotes, escapes, control and non-printable characters, line breaks with
// whitespace around them, a lone surrogate, and long runs (double-quoted strings break lines from 40 characters).
const PIECES = [
  ...['', ' ', '  ', '\t', '\n', '\n\n', '\r', '\r\n', ' \n', '\n ', '\n\t', 'a', 'word', 'two words', 'é', '😀'],
  ...['null', 'Null', 'NULL', '~', 'true', 'False', 'TRUE', 'yes', 'no', 'on', 'y'],
  ...['0', '012', '0o17', '0x1F', '+1', '-1', '1.5', '.5', '5.', '-1.5e3', '1e3', '.inf', '-.Inf', '.NaN', '1_000'],
  ...[':', ': ', ' :', '#', ' #', '# ', '-', '- ', '?', '? ', ',', '[', ']', '{', '}', '&a', '*a', '!tag', '|', '>'],
  ...['%YAML', '---', '...', '@', '`', '"', "'", '\\', '\\n', '"quoted"', "it's"],
  ...['\u0000', '\u0007', '\u000b', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ud800', '\udc00'],
  'x'.repeat(45),
]

/** A string of 0 to 5 pieces, drawn by `rng`. */
function trickyString(rng: Rng): string {
  let s = ''
  for (let n = rng.int(0, 5); n > 0; n--) s += rng.pick(PIECES)
  return s
}

/** Nested data with tricky strings as keys, values and items, at depths 0 to 3 (the indentation changes quoting). */
function trickyValue(rng: Rng, depth: number): unknown {
  const kind = depth >= 3 ? 0 : rng.int(0, 4)
  if (kind === 0) return rng.chance(0.85) ? trickyString(rng) : rng.pick([null, true, false, 0, -0, 1.5, 2n ** 64n])
  if (kind === 1) return Array.from({ length: rng.int(0, 3) }, () => trickyValue(rng, depth + 1))
  const out: Record<string, unknown> = {}
  for (let n = rng.int(0, 4); n > 0; n--) out[trickyString(rng)] = trickyValue(rng, depth + 1)
  return out
}

/** The data as `parse(…, { intAsBigInt: true })` gives it back: integers as bigints, undefined properties gone. */
function asRead(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : asRead(v)))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = asRead(v)
  return out
}

/** Ours reads back as `value`, and is the yaml library's bytes wherever those read back as `value` too. */
function expectExact(value: unknown): void {
  const text = stringifyYaml(value)
  expect(parse(text, { intAsBigInt: true })).toEqual(asRead(value))
  const theirs = stringify(value, YAML_OPTIONS)
  if (readsBackAs(theirs, value)) expect(text).toBe(theirs)
}

function readsBackAs(text: string, value: unknown): boolean {
  try {
    expect(parse(text, { intAsBigInt: true })).toEqual(asRead(value))
    return true
  } catch {
    return false
  }
}

describe('stringifyYaml', () => {
  it('writes every tricky string, as a value, an item, a key and a whole document, so that it reads back the same', () => {
    const rng = new Rng(12)
    for (let i = 0; i < 3000; i++) {
      const s = trickyString(rng)
      expectExact(s)
      expectExact({ [s]: s, nested: { [s]: [s, { [s]: s }] } })
    }
  })

  it('writes seeded nested data (keys, empty and nested collections, scalars) exactly as it reads back', () => {
    const rng = new Rng(2024)
    for (let i = 0; i < 1500; i++) expectExact({ root: trickyValue(rng, 0), list: [trickyValue(rng, 1)] })
  })

  it('writes bigints as exact integers, empty collections as {} and [], and leaves undefined properties out', () => {
    const text = stringifyYaml({ id: 2n ** 63n - 1n, none: {}, list: [], gone: undefined, items: [undefined, [], {}] })
    expect(text).toBe('id: 9223372036854775807\nnone: {}\nlist: []\nitems:\n  - null\n  - []\n  - {}\n')
  })

  it('quotes a string of only whitespace and line breaks, which the yaml library writes as a block that loses it', () => {
    for (const s of [' \n', ' \n\n', '\n \n', '  \n\t\n', '\t\n', ' \t\n', '\t \n', '\n\t\n \n']) {
      expect(parse(stringifyYaml({ k: s }))).toEqual({ k: s })
      expect(parse(stringifyYaml([s]))).toEqual([s])
    }
    expect(stringifyYaml({ k: ' \n' })).toBe('k: "\\ \\n"\n')
    expect(parse(stringify({ k: ' \n' }, YAML_OPTIONS))).toEqual({ k: '\n' })
  })

  it('escapes a space between two line breaks of a long double-quoted string once (the yaml library did it twice)', () => {
    const s = `${'x'.repeat(45)}\u000b\n \n end`
    expect(parse(stringifyYaml({ k: s }))).toEqual({ k: s })
    expect(parse(stringify({ k: s }, YAML_OPTIONS))).not.toEqual({ k: s })
  })

  it('writes a key over 1024 characters as an explicit key', () => {
    const key = 'k'.repeat(1100)
    expectExact({ [key]: { a: 1, b: ['x'] }, after: 'y' })
    expect(stringifyYaml({ [key]: 1 })).toBe(`? ${key}\n: 1\n`)
  })

  it('writes an object met twice twice, never as an alias', () => {
    const shared = { a: 1 }
    expect(stringifyYaml({ x: shared, y: shared })).toBe('x:\n  a: 1\ny:\n  a: 1\n')
  })

  it('refuses what is not plain data', () => {
    for (const bad of [new Map(), new Date(0), () => 1, Symbol('s'), new (class Point {})()])
      expect(() => stringifyYaml({ bad })).toThrow(TypeError)
  })
})

describe('stringifyYaml over every AsyncAPI document of the catalog', () => {
  let documents: Record<string, unknown>[]
  beforeAll(async () => {
    const model = buildModel(validateCatalog(await loadCatalog('catalog')))
    const fixtures = buildFixtures(model)
    documents = model.families.map((family) =>
      asyncapiDocument(model, family, new Map(fixtures.filter((f) => f.family === family.id).map((f) => [f.event, f]))),
    )
  })

  it('reads back as the same data (bigints kept) and as the same bytes the yaml library writes', () => {
    expect(documents.length).toBe(4)
    for (const d of documents) expectExact(d)
  })
})
