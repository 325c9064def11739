import type { EventModel, SourceModel } from '../../src/model/types.js'

// The open-format generators read the model only (src/model/), never src/catalog/: the schema and source types
// they need are named here from the model's own fields.

/** A JSON Schema object as the model holds it (draft-07 plus evcat's x- keywords). */
export type JsonSchema = EventModel['schema']

/** A cited source as the model holds it. */
export type SourceDef = SourceModel
