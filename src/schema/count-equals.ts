import { _, str, type KeywordCxt, type KeywordDefinition } from 'ajv'

/** The value of `x-count-equals`: the number in `count` equals the number of items of the array in `items`. */
export interface CountEquals {
  readonly count: string
  readonly items: string
}

/**
 * `x-count-equals: { count: val, items: metadata }` on an object: go-batcher's `batch` emits `val = len(batch)`.
 * Draft-07 cannot relate two fields' values, so evcat compiles this check into the standalone validators
 * itself (no ajv at run time); a generic validator ignores the keyword. The check applies only when both
 * fields have the right type, so a wrong type is reported once, by `type`.
 */
export const countEqualsKeyword: KeywordDefinition = {
  keyword: 'x-count-equals',
  type: 'object',
  schemaType: 'object',
  metaSchema: {
    type: 'object',
    required: ['count', 'items'],
    properties: { count: { type: 'string' }, items: { type: 'string' } },
    additionalProperties: false,
  },
  code(cxt: KeywordCxt) {
    const { count, items } = cxt.schema as CountEquals
    const n = _`${cxt.data}[${count}]`
    const list = _`${cxt.data}[${items}]`
    cxt.fail(_`Array.isArray(${list}) && typeof ${n} == "number" && ${n} !== ${list}.length`)
  },
  error: {
    message: ({ schema }) =>
      str`must have ${(schema as CountEquals).count} equal to the number of items in ${(schema as CountEquals).items}`,
    params: ({ schema }) => _`{count: ${(schema as CountEquals).count}, items: ${(schema as CountEquals).items}}`,
  },
}
