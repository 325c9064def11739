import { EvcatError } from '../errors.js'

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private protected public static yield any boolean constructor declare get module require number set string symbol type from of unknown never object bigint undefined'.split(
    ' ',
  ),
)

/** A checked TypeScript identifier; constructing one from a catalog string that is not an identifier throws. */
export class Identifier {
  readonly name: string
  constructor(name: string) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) || RESERVED.has(name)) {
      throw new EvcatError(`not a safe TypeScript identifier: ${JSON.stringify(name)}`)
    }
    this.name = name
  }
  toString(): string {
    return this.name
  }
}

/** A string literal for generated code: JSON quoting escapes quotes, backslashes and control characters. */
export function quote(value: string): string {
  return JSON.stringify(value)
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key)
}

/** Text made safe inside a block comment: a `*\/` would end it, so its slash is escaped. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\r\n?/g, '\n')
}

/** A JSDoc block from lines of text (each made comment-safe); empty input gives no comment. */
export function docComment(text: string | undefined, indent = ''): string {
  if (text === undefined || text.trim() === '') return ''
  const lines = commentText(text.trim()).split('\n')
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`
  return `${indent}/**\n${lines.map((l) => `${indent} *${l === '' ? '' : ' ' + l}`).join('\n')}\n${indent} */\n`
}

/** `export type Name = A | B | …`, one member a line; an empty union is `never`. */
export function unionType(name: Identifier, members: readonly Identifier[], doc?: string): string {
  const body = members.length === 0 ? ' never' : members.map((m) => `\n  | ${m}`).join('')
  return `${docComment(doc)}export type ${name} =${body}\n`
}

/** `export interface Name { "key": Type; … }`, mapping discriminator values to event types. */
export function mapInterface(
  name: Identifier,
  entries: readonly (readonly [string, Identifier])[],
  doc?: string,
): string {
  const body = entries.map(([key, type]) => `  ${propertyKey(key)}: ${type}\n`).join('')
  return `${docComment(doc)}export interface ${name} {\n${body}}\n`
}

/** `export const name = [ "a", "b" ] as const`, a runtime list of names. */
export function constList(name: Identifier, values: readonly string[], doc?: string): string {
  return `${docComment(doc)}export const ${name} = [\n${values.map((v) => `  ${quote(v)},\n`).join('')}] as const\n`
}
