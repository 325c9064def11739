import { Identifier, docComment, quote } from '../../src/emit/code.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'

/** The TypeScript source of one family's entry point: its types, validate(), one guard per event, parse() and name lists. */
export function familyEntry(family: FamilyModel): string {
  const union = new Identifier(family.unionName)
  const table = new Identifier(family.tableName)
  const result = new Identifier(family.validationName)
  const guards = family.events
    .filter((e) => e.direction === 'server')
    .map((e) => {
      const type = new Identifier(e.typeName)
      const guard = new Identifier(e.guardName)
      return `${docComment(`Whether a value is a valid ${family.id} ${JSON.stringify(e.name)} message (fields the catalog does not know are allowed: drift).`)}export function ${guard}(value: unknown): value is T.${type} {\n  return is(${quote(e.name)}, value);\n}\n`
    })
  return `export * from "./types.gen.js";
import type * as T from "./types.gen.js";
import { ${table} } from "../validators/${family.id}.gen.js";
import { createDispatcher, type Verdict } from "../validators/runtime/dispatch.js";
import { parseExact } from "../validators/runtime/parse.js";
import type { Problem } from "../validators/runtime/messages.js";

export type { Problem };

${docComment(`What validate() found. \`ok\` is true for a valid message and for drift (valid, with events or fields the catalog does not know); then \`event\` is typed as ${union}, narrowed by its discriminator.`)}export type ${result} =
  | { readonly ok: true; readonly status: "valid" | "drift"; readonly event: T.${union}; readonly errors: readonly Problem[] }
  | { readonly ok: false; readonly status: "invalid"; readonly event: undefined; readonly errors: readonly Problem[] };

// Built on first use, so importing this module has no side effects (sideEffects: false).
let dispatcher: ((value: unknown) => Verdict) | undefined;
function check(value: unknown): Verdict | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  dispatcher ??= createDispatcher([${table}], { family: ${quote(family.id)} });
  return dispatcher(value);
}

${docComment(`Validates one ${family.title} message with the precompiled validators (no schema compilation at run time).`)}export function validate(payload: unknown): ${result} {
  const v = check(payload);
  if (v === undefined) return { ok: false, status: "invalid", event: undefined, errors: [{ pointer: "", kind: "contract", message: "not a JSON object" }] };
  if (v.status === "invalid") return { ok: false, status: "invalid", event: undefined, errors: v.problems };
  return { ok: true, status: v.status, event: payload as T.${union}, errors: v.problems };
}

${docComment('Parses JSON text exactly: an integer beyond 2^53 becomes a bigint instead of being rounded.')}export function parse(text: string): unknown {
  return parseExact(text);
}

function is(name: string, value: unknown): boolean {
  const v = check(value);
  return v !== undefined && v.status !== "invalid" && v.event === name;
}

${guards.join('\n')}`
}

/** The TypeScript source of the package's root entry: every family as a namespace, and validate() across families. */
export function rootEntry(model: CatalogModel): string {
  const spaces = model.families.map((f) => ({
    f,
    ns: new Identifier(f.namespace),
    table: new Identifier(f.tableName),
  }))
  return `${spaces.map(({ f, ns }) => `export * as ${ns} from ${quote(`./${f.id}/index.js`)};\n`).join('')}
${spaces.map(({ f, ns }) => `import type * as ${ns}Types from ${quote(`./${f.id}/index.js`)};\n`).join('')}${spaces.map(({ f, table }) => `import { ${table} } from ${quote(`./validators/${f.id}.gen.js`)};\n`).join('')}import { createDispatcher, type Verdict } from "./validators/runtime/dispatch.js";
import { parseExact } from "./validators/runtime/parse.js";
import type { Problem } from "./validators/runtime/messages.js";

export type { Problem };

${docComment('A message of any family.')}export type AnyEvent =
${spaces.map(({ f, ns }) => `  | ${ns}Types.${f.unionName}`).join('\n')};

${docComment('What validate() found across families: the family, and the message typed as AnyEvent when ok.')}export type Validation =
  | { readonly ok: true; readonly status: "valid" | "drift"; readonly family: string; readonly event: AnyEvent; readonly errors: readonly Problem[] }
  | { readonly ok: false; readonly status: "invalid"; readonly family: string | undefined; readonly event: undefined; readonly errors: readonly Problem[] };

let dispatcher: ((value: unknown) => Verdict) | undefined;

${docComment('Validates a message of any family: the family is found by its envelope, the event by its discriminator.')}export function validate(payload: unknown): Validation {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return { ok: false, status: "invalid", family: undefined, event: undefined, errors: [{ pointer: "", kind: "contract", message: "not a JSON object" }] };
  }
  dispatcher ??= createDispatcher([${spaces.map(({ table }) => table).join(', ')}]);
  const v = dispatcher(payload);
  if (v.status === "invalid") return { ok: false, status: "invalid", family: v.family, event: undefined, errors: v.problems };
  return { ok: true, status: v.status, family: v.family ?? "", event: payload as AnyEvent, errors: v.problems };
}

${docComment('Parses JSON text exactly: an integer beyond 2^53 becomes a bigint instead of being rounded.')}export function parse(text: string): unknown {
  return parseExact(text);
}
`
}

/** The declaration of a generated validators module (plain JS from ajv standalone code). */
export function validatorsDeclaration(family: FamilyModel): string {
  const doc = docComment(`${family.title}: the precompiled validators and dispatch table.`)
  return (
    `import type { FamilyTable } from "./runtime/dispatch.js";\n\n` +
    `${doc}export declare const ${new Identifier(family.tableName)}: FamilyTable;\n`
  )
}
