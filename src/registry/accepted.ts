import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml'
import { EvcatError } from '../errors.js'
import type { Change } from './diff/compare.js'
import { ACCEPTED_FILE } from './files.js'
import { isRuleId } from './rules.js'

export { ACCEPTED_FILE } from './files.js'

/** One acknowledged change: which rule at which pointer (optionally in one family or event), and why. */
export interface AcceptedEntry {
  readonly rule: string
  readonly pointer: string
  readonly family?: string
  readonly event?: string
  readonly reason: string
  /** 1-based line of the entry in the file. */
  readonly line: number
}

/** The acknowledged-changes file is malformed: where, and what to fix. */
export class AcceptedChangesError extends EvcatError {}

/** The entries of `<catalog>/accepted-changes.yaml`; none when the file does not exist. */
export async function readAccepted(catalog: string): Promise<readonly AcceptedEntry[]> {
  const path = join(catalog, ACCEPTED_FILE)
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined
    throw e
  })
  return text === undefined ? [] : parseAccepted(text, path)
}

/** Parses the acknowledged-changes file; the first problem throws, naming file:line and what to write. */
export function parseAccepted(text: string, path: string): AcceptedEntry[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const where = (node: Node | null | undefined) => {
    const at = lines.linePos(node?.range?.[0] ?? 0)
    return `${path}:${at.line}:${at.col}`
  }
  if (doc.errors.length > 0)
    throw new AcceptedChangesError(`${path}: not YAML: ${doc.errors[0]!.message.split('\n')[0]}`)
  const root = doc.contents
  if (root === null) return []
  const list = isMap(root) ? root.get('accepted', true) : undefined
  if (!isMap(root) || (list !== undefined && !isSeq(list))) {
    throw new AcceptedChangesError(
      `${where(root)}: expected "accepted:" with a list of { rule, pointer, reason } entries`,
    )
  }
  if (list === undefined || list === null) return []
  return list.items.map((item) => {
    const value = (item as Node).toJSON() as Record<string, unknown>
    const at = where(item as Node)
    if (!isMap(item)) throw new AcceptedChangesError(`${at}: an entry is a map with rule, pointer and reason`)
    for (const key of Object.keys(value)) {
      if (!['rule', 'pointer', 'family', 'event', 'reason'].includes(key))
        throw new AcceptedChangesError(
          `${at}: unknown key "${key}"; the keys are rule, pointer, family, event and reason`,
        )
    }
    for (const key of ['rule', 'pointer', 'reason'] as const) {
      if (typeof value[key] !== 'string') throw new AcceptedChangesError(`${at}: "${key}" is missing (a string)`)
    }
    if (!isRuleId(value['rule'] as string)) {
      throw new AcceptedChangesError(
        `${at}: unknown rule "${String(value['rule'])}"; out/docs/compatibility.md lists the rules`,
      )
    }
    return {
      rule: value['rule'] as string,
      pointer: value['pointer'] as string,
      ...(typeof value['family'] === 'string' ? { family: value['family'] } : {}),
      ...(typeof value['event'] === 'string' ? { event: value['event'] } : {}),
      reason: value['reason'] as string,
      line: lines.linePos((item as Node).range?.[0] ?? 0).line,
    }
  })
}

/** Whether an entry acknowledges a change: same rule and pointer, and the family and event when it names them. */
export function matches(entry: AcceptedEntry, change: Change): boolean {
  return (
    entry.rule === change.rule &&
    entry.pointer === change.pointer &&
    (entry.family === undefined || entry.family === change.family) &&
    (entry.event === undefined || entry.event === change.event)
  )
}
