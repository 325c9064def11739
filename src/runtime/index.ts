// The runtime as a library entry (`evcat/runtime`): what generated validators run, without the rest of evcat,
// so a program that only judges records loads only this. (Generated code carries its own copy in out/.)
export {
  createDispatcher,
  type EventEntry,
  type FamilyTable,
  type GroupEntry,
  type ValidateFn,
  type Verdict,
} from './dispatch.js'
export type { Problem } from './messages.js'
export { parseExact } from './parse.js'
export { stringifyExact } from './json.js'
