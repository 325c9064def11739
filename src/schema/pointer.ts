import { escapeSegment, toPath } from '../runtime/pointer.js'

// The one implementation lives in the runtime, which generated code carries into out/ on its own;
// evcat's own code reads JSON Pointers through this module.
export { escapeSegment }

/** Splits a JSON Pointer into unescaped segments (`/a~1b/0` → `['a/b', '0']`). */
export function pointerSegments(pointer: string): string[] {
  return [...toPath(pointer)]
}

/** Joins segments into a JSON Pointer, escaping `~` and `/`. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + escapeSegment(String(s))).join('')
}

/** The pointer to a child of `pointer`: one escaped segment appended. */
export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${escapeSegment(String(key))}`
}
