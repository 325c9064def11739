import { createHash } from 'node:crypto'
import { CatalogError, compareDiagnostics, type Diagnostic } from '../errors.js'
import { metaDiagnostics, yamlDiagnostics } from './check-structure.js'
import { checkEvents } from './check-events.js'
import { checkEvidence } from './check-evidence.js'
import { checkSchemas } from './check-schemas.js'
import { checkVersions } from './check-versions.js'
import { buildEvent, buildFamily } from './defs.js'
import { fileStart, locate } from './locate.js'
import { toValue } from './load.js'
import type { EventDef, FamilyDef, RawCatalog, RawFile, ValidatedCatalog } from './types.js'

/** What checking a catalog found: the checked catalog when there are no errors, and every diagnostic. */
export interface CheckResult {
  readonly catalog?: ValidatedCatalog
  readonly diagnostics: readonly Diagnostic[]
}

/** Options of `checkCatalog`. */
export interface CheckOptions {
  /** Errors this accepts still let the catalog through (evcat diff reads old releases under today's rules). */
  readonly waive?: (d: Diagnostic) => boolean
}

/** Checks a raw catalog and collects every problem at once (never stops at the first). */
export function checkCatalog(raw: RawCatalog, options: CheckOptions = {}): CheckResult {
  const diagnostics: Diagnostic[] = []
  let root: { file: RawFile; value: Record<string, unknown> } | undefined
  const familyFiles = new Map<string, { file: RawFile; value: Record<string, unknown> }>()
  const groupFiles: { file: RawFile; value: Record<string, unknown>; folder: string }[] = []
  const brokenFolders = new Set<string>()

  for (const file of raw.files) {
    const kind = classify(file.path)
    const folder = file.path.split('/')[0]!
    if (kind === undefined) {
      diagnostics.push({
        code: 'unexpected-file',
        severity: 'error',
        message: `"${file.path}" is not where catalog files go`,
        location: fileStart(file.path),
        hint: 'catalog files are catalog.yaml, <family>/family.yaml and <family>/<group>.yaml',
      })
      continue
    }
    const syntax = yamlDiagnostics(file)
    if (syntax.length > 0) {
      diagnostics.push(...syntax)
      if (kind === 'family') brokenFolders.add(folder)
      continue
    }
    const value = toValue(file)
    const meta = metaDiagnostics(file, kind, value)
    diagnostics.push(...meta)
    if (meta.length > 0) {
      if (kind === 'family') brokenFolders.add(folder)
      continue
    }
    const v = value as Record<string, unknown>
    if (kind === 'catalog') root = { file, value: v }
    else if (kind === 'family') familyFiles.set(folder, { file, value: v })
    else groupFiles.push({ file, value: v, folder })
  }

  if (root === undefined && !raw.files.some((f) => f.path === 'catalog.yaml')) {
    diagnostics.push({
      code: 'missing-file',
      severity: 'error',
      message: 'the catalog has no catalog.yaml',
      location: fileStart('catalog.yaml'),
      hint: 'create catalog.yaml with name, version and package',
    })
  }

  const families = new Map<string, FamilyDef>()
  for (const [folder, { file, value }] of familyFiles) {
    if (value['family'] !== folder) {
      diagnostics.push({
        code: 'family-mismatch',
        severity: 'error',
        message: `family "${String(value['family'])}" is declared in folder "${folder}"`,
        location: locate(file, '/family'),
        hint: `rename the folder or set family: ${folder}`,
      })
      brokenFolders.add(folder)
      continue
    }
    families.set(folder, buildFamily(file, value))
  }

  const events = new Map<string, EventDef[]>()
  for (const { file, value, folder } of groupFiles) {
    const family = families.get(folder)
    if (family === undefined) {
      if (!brokenFolders.has(folder)) {
        diagnostics.push({
          code: 'missing-family',
          severity: 'error',
          message: `folder "${folder}" has group files but no family.yaml`,
          location: fileStart(file.path),
          hint: `add ${folder}/family.yaml declaring the family, its envelope and its groups`,
        })
      }
      continue
    }
    const groupId = value['group'] as string
    const group = family.groups.get(groupId)
    if (group === undefined) {
      diagnostics.push({
        code: 'unknown-group',
        severity: 'error',
        message: `group "${groupId}" is not declared in ${folder}/family.yaml`,
        location: locate(file, '/group'),
        hint: `declare it under groups: in ${folder}/family.yaml, or use one of: ${[...family.groups.keys()].join(', ')}`,
      })
      continue
    }
    const list = events.get(folder) ?? []
    ;(value['events'] as Record<string, unknown>[]).forEach((ev, i) =>
      list.push(buildEvent(file, family, group, ev, i)),
    )
    events.set(folder, list)
  }

  const checked: FamilyDef[] = []
  for (const family of [...families.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const list = events.get(family.id) ?? []
    diagnostics.push(...checkEvents(family, list, raw))
    const withEvents = { ...family, events: list }
    diagnostics.push(...checkSchemas(withEvents, raw))
    diagnostics.push(...checkEvidence(withEvents, raw))
    diagnostics.push(...checkVersions(withEvents, raw))
    checked.push(withEvents)
  }

  diagnostics.sort(compareDiagnostics)
  const errors = diagnostics.some((d) => d.severity === 'error' && options.waive?.(d) !== true)
  if (errors || root === undefined) return { diagnostics }
  const r = root.value
  return {
    diagnostics,
    catalog: {
      name: r['name'] as string,
      version: r['version'] as string,
      packageName: r['package'] as string,
      ...(typeof r['summary'] === 'string' ? { summary: r['summary'] } : {}),
      families: checked,
      files: raw.files.map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.text).digest('hex') })),
    },
  }
}

/** Checks a raw catalog and returns it validated, or throws a CatalogError carrying every diagnostic. */
export function validateCatalog(raw: RawCatalog): ValidatedCatalog {
  const result = checkCatalog(raw)
  if (result.catalog === undefined) throw new CatalogError(result.diagnostics.filter((d) => d.severity === 'error'))
  return result.catalog
}

function classify(path: string): 'catalog' | 'family' | 'group' | undefined {
  const parts = path.split('/')
  if (parts.length === 1) return parts[0] === 'catalog.yaml' ? 'catalog' : undefined
  if (parts.length !== 2) return undefined
  return parts[1] === 'family.yaml' ? 'family' : 'group'
}
