import { isMap, isScalar, isSeq, parseDocument } from 'yaml'
import { UsageError } from '../errors.js'

/**
 * catalog.yaml with its `version` set: the value's bytes are replaced where the yaml parser found them, so
 * comments, quoting elsewhere and layout stay as written.
 */
export function setCatalogVersion(text: string, version: string, path: string): string {
  const doc = parseDocument(text)
  const node = isMap(doc.contents) ? doc.contents.get('version', true) : undefined
  if (!isScalar(node) || node.range === undefined || node.range === null) {
    throw new UsageError(`${path} has no "version:"; add version: 0.1.0`)
  }
  const [start, end] = node.range
  const quote = text[start] === '"' || text[start] === "'" ? text[start] : ''
  return `${text.slice(0, start)}${quote}${version}${quote}${text.slice(end)}`
}

/**
 * The acknowledged-changes file without the entries that start on the given lines (the ones a release covered),
 * through the yaml Document API so that the other entries and the comments stay.
 */
export function acceptedWithout(text: string, lines: ReadonlySet<number>): string {
  const doc = parseDocument(text)
  const list = isMap(doc.contents) ? doc.contents.get('accepted', true) : undefined
  if (!isSeq(list)) return text
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length
  list.items = list.items.filter((item) => !lines.has(lineOf((item as { range?: [number] }).range?.[0] ?? 0)))
  return doc.toString({ lineWidth: 0 })
}
