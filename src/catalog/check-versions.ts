import type { Diagnostic } from '../errors.js'
import { walk } from '../schema/walk.js'
import { compareVersions, findVersion, parseVersion } from '../runtime/version.js'
import { parseRange, rangeText, type VersionMarks } from '../schema/version-range.js'
import { locate } from './locate.js'
import type { JsonSchema } from '../schema/types.js'
import type { FamilyDef, RawCatalog, RawFile } from './types.js'

const MARKS = ['x-since', 'x-until', 'x-versions'] as const

/**
 * Checks a family's version facts: the known versions parse and ascend; every `since`/`until`/`versions` (on
 * events) and `x-since`/`x-until`/`x-versions` (on properties and anyOf/oneOf branches) parses, is not empty
 * and is written one way; and every example's `server` is a known version.
 */
export function checkVersions(family: FamilyDef, raw: RawCatalog): Diagnostic[] {
  const out: Diagnostic[] = []
  const fileOf = (path: string): RawFile => raw.files.find((f) => f.path === path)!
  const familyFile = fileOf(family.location.file)
  const known = family.versions?.known ?? []
  known.forEach((text, i) => {
    const at = locate(familyFile, `/versions/known/${i}`)
    const v = parseVersion(text)
    if (v === undefined) out.push(invalid(at, `"${text}" is not a version`))
    else if (i > 0) {
      const prev = parseVersion(known[i - 1]!)
      if (prev !== undefined && compareVersions(prev, v) >= 0)
        out.push(invalid(at, `known versions must ascend: "${text}" comes after "${known[i - 1]}"`))
    }
  })

  const schemas: { file: RawFile; pointer: string; schema: JsonSchema | undefined }[] = [
    { file: familyFile, pointer: '/envelope', schema: family.envelope },
    ...Object.entries(family.definitions).map(([n, s]) => ({
      file: familyFile,
      pointer: `/definitions/${n}`,
      schema: s,
    })),
  ]
  for (const g of family.groups.values()) {
    schemas.push({ file: familyFile, pointer: `/groups/${g.id}/envelope`, schema: g.envelope })
    schemas.push({ file: familyFile, pointer: `/groups/${g.id}/base`, schema: g.base })
  }
  for (const e of family.events) {
    const file = fileOf(e.location.file)
    schemas.push({ file, pointer: `${e.location.pointer}/payload`, schema: e.payload })
    schemas.push({ file, pointer: `${e.location.pointer}/base`, schema: e.base })
    out.push(
      ...checkMarks(file, e.location.pointer, { since: e.since, until: e.until, versions: e.versions }, [
        'since',
        'until',
        'versions',
      ]),
    )
    e.examples.forEach((example, i) => {
      if (example.server === undefined || findVersion(known, example.server) !== undefined) return
      out.push({
        code: 'unknown-version',
        severity: 'error',
        message: `example for server "${example.server}", which is not a known version of ${family.id}`,
        location: locate(file, `${e.location.pointer}/examples/${i}/server`),
        hint:
          known.length === 0
            ? `${family.id}/family.yaml lists no versions: add versions: { known: [...] }, or drop server`
            : `use one of: ${known.join(', ')} (or add it to versions.known in ${family.id}/family.yaml)`,
      })
    })
  }
  for (const { file, pointer, schema } of schemas) {
    if (schema === undefined) continue
    walk(schema, pointer, (node, p) => {
      if (!MARKS.some((m) => node[m] !== undefined)) return
      const where = p.split('/')
      const parent = where[where.length - 2]
      const isProperty = parent === 'properties'
      const isBranch = /^\d+$/.test(where[where.length - 1] ?? '') && (parent === 'anyOf' || parent === 'oneOf')
      if (!isProperty && !isBranch) {
        const mark = MARKS.find((m) => node[m] !== undefined)!
        out.push({
          code: 'misplaced-version',
          severity: 'error',
          message: `${mark} here has no effect: versions apply to a property or to a branch of anyOf/oneOf`,
          location: locate(file, p, mark),
          hint: 'move it onto the property (or branch) that some versions do not send; on an event, use since/until/versions',
        })
        return
      }
      out.push(
        ...checkMarks(file, p, { since: node['x-since'], until: node['x-until'], versions: node['x-versions'] }, [
          ...MARKS,
        ]),
      )
    })
  }
  return out
}

/** Checks one set of version marks: each parses, `versions` stands alone, and the range is not empty. */
function checkMarks(file: RawFile, pointer: string, marks: VersionMarks, names: readonly string[]): Diagnostic[] {
  const [sinceKey, untilKey, versionsKey] = names as [string, string, string]
  const out: Diagnostic[] = []
  if (marks.versions !== undefined && (marks.since !== undefined || marks.until !== undefined)) {
    out.push({
      code: 'conflicting-versions',
      severity: 'error',
      message: `${versionsKey} is given together with ${marks.since !== undefined ? sinceKey : untilKey}`,
      location: locate(file, pointer, versionsKey),
      hint: `write the whole range in ${versionsKey} (e.g. ">=5.0.2 <5.1 || >=5.6"), or use only ${sinceKey}/${untilKey}`,
    })
    return out
  }
  for (const [key, value] of [
    [sinceKey, marks.since],
    [untilKey, marks.until],
  ] as const) {
    if (value !== undefined && parseVersion(String(value)) === undefined)
      out.push(invalid(locate(file, pointer, key), `${key} "${String(value)}" is not a version`))
  }
  if (out.length > 0) return out
  const text = rangeText(marks)
  if (text === undefined) return out
  try {
    const range = parseRange(text)
    const empty = range.every((alt) => {
      const lows = alt.filter((c) => c.op === '>=' || c.op === '>')
      const highs = alt.filter((c) => c.op === '<=' || c.op === '<')
      return lows.some((lo) => highs.some((hi) => compareVersions(lo.version, hi.version) > 0))
    })
    if (empty)
      out.push(
        invalid(
          locate(file, pointer, marks.versions !== undefined ? versionsKey : untilKey),
          `no version is in the range "${text}"`,
        ),
      )
  } catch (error) {
    out.push(invalid(locate(file, pointer, versionsKey), (error as Error).message))
  }
  return out
}

function invalid(location: Diagnostic['location'], message: string): Diagnostic {
  return {
    code: 'invalid-version',
    severity: 'error',
    message,
    location,
    hint: 'versions are dotted numbers with an optional leading v (4.16, 5.0.2, v0.9.21) or main; ranges join comparators (>=, >, <=, <, =) with spaces and alternatives with ||',
  }
}
