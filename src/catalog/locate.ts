import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml'
import type { SourceLocation } from '../errors.js'
import { pointerSegments } from '../schema/pointer.js'
import type { RawFile } from './types.js'

/**
 * Finds the line and column of the node at `pointer` in a YAML file. With `key`, points at that key
 * of the object (an unknown key); when the pointer runs out of nodes, the deepest node found is used.
 */
export function locate(file: RawFile, pointer: string, key?: string): SourceLocation {
  let node: unknown = file.doc.contents
  let offset = rangeStart(node) ?? 0
  for (const segment of pointerSegments(pointer)) {
    const next = child(node, segment)
    if (next === undefined) break
    node = next.value
    // Point at the value itself (a bad value, an event's first line); the key only when the value has no position.
    offset = rangeStart(node) ?? next.keyOffset ?? offset
  }
  if (key !== undefined) {
    const pair = child(node, key)
    if (pair?.keyOffset !== undefined) offset = pair.keyOffset
  }
  const pos = file.lines.linePos(offset)
  return {
    file: file.path,
    line: pos.line,
    column: pos.col,
    pointer: key === undefined ? pointer : `${pointer}/${key}`,
  }
}

/** The location of a whole file (line 1, column 1), for problems with no better place. */
export function fileStart(path: string): SourceLocation {
  return { file: path, line: 1, column: 1, pointer: '' }
}

function child(node: unknown, segment: string): { value: unknown; keyOffset?: number } | undefined {
  if (isMap(node)) {
    for (const item of node.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === segment) {
        return { value: item.value, keyOffset: rangeStart(item.key) }
      }
    }
    return undefined
  }
  if (isSeq(node)) {
    const item = node.items[Number(segment)]
    return item === undefined ? undefined : { value: item }
  }
  return undefined
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range
  return range ? range[0] : undefined
}
