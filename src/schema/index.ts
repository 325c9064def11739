// The JSON Schema helpers as a library entry (`evcat/schema`): evcat's ajv set-up and schema rewriters,
// without the catalog, model or generators.
export { compileShared, createPayloadAjv, EVCAT_KEYWORDS } from './ajv.js'
export { composeMessageSchema, discriminatorValue } from './compose.js'
export { mergeAt, mergeSchema, requireAt, schemaAt } from './merge.js'
export { childPointer, escapeSegment, pointerSegments, toPointer } from './pointer.js'
export { collectRefs, definitionName, reachableDefinitions } from './refs.js'
export { resolveRef, type Resolved } from './resolve.js'
export { closeObjects, forAjv } from './rewrite.js'
export type { Definitions, JsonSchema } from './types.js'
export { mapSchema, walk } from './walk.js'
