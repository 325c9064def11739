import { Identifier, docComment, quote } from '../../src/emit/code.js'
import type { CatalogModel, FamilyModel } from '../../src/model/types.js'

/** The TypeScript source of one family's entry point: its types, validate(), one guard per event, parse() and name lists. */
export function familyEntry(family: FamilyModel): string {
  const union = new Identifier(family.unionName)
  const table = new Identifier(family.tableName)
  const result = new Identifier(family.validationName)
  const options = new Identifier(family.validateOptionsName)
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
import { findVersion } from "../validators/runtime/version.js";

export type { Problem };

${serverVersions(family)}
${docComment(`Options of validate(). \`server\`: judge the message as that known server version sends it (what it never sends is drift, what it always sends is required); by default, as any known version may send it. An unknown version throws a RangeError that lists the known ones.`)}export interface ${options} {
  readonly server?: ${family.versions === undefined ? 'string' : `${family.serverVersionName} | (string & {})`};
}

${docComment(`What validate() found. \`ok\` is true for a valid message and for drift (valid, with events or fields the catalog does not know); then \`event\` is typed as ${union}, narrowed by its discriminator.`)}export type ${result} =
  | { readonly ok: true; readonly status: "valid" | "drift"; readonly event: T.${union}; readonly errors: readonly Problem[] }
  | { readonly ok: false; readonly status: "invalid"; readonly event: undefined; readonly errors: readonly Problem[] };

// Built on first use, per server version, so importing this module has no side effects (sideEffects: false).
const dispatchers = new Map<string, (value: unknown) => Verdict>();
function check(value: unknown, server?: string): Verdict | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const version = server === undefined ? "" : (findVersion(Object.keys(${table}.versions ?? {}), server) ?? server);
  let dispatcher = dispatchers.get(version);
  if (dispatcher === undefined) {
    const servers = version === "" ? {} : { servers: { [${quote(family.id)}]: version } };
    dispatcher = createDispatcher([${table}], { family: ${quote(family.id)}, ...servers });
    dispatchers.set(version, dispatcher);
  }
  return dispatcher(value);
}

${docComment(`Validates one ${family.title} message with the precompiled validators (no schema compilation at run time).`)}export function validate(payload: unknown, options: ${options} = {}): ${result} {
  const v = check(payload, options.server);
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

${docComment('Options of validate(): the server version per family (`{ lxd: "5.0.2" }`), spelled as the catalog knows it; by default, what any known version may send.')}export interface ValidateOptions {
  readonly servers?: {
${spaces.map(({ f, ns }) => `    readonly ${JSON.stringify(f.id)}?: ${f.versions === undefined ? 'never' : `${ns}Types.${f.serverVersionName}`};`).join('\n')}
  };
}

const dispatchers = new Map<string, (value: unknown) => Verdict>();

${docComment('Validates a message of any family: the family is found by its envelope, the event by its discriminator. An unknown server version throws a RangeError that lists the known ones.')}export function validate(payload: unknown, options: ValidateOptions = {}): Validation {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return { ok: false, status: "invalid", family: undefined, event: undefined, errors: [{ pointer: "", kind: "contract", message: "not a JSON object" }] };
  }
  const servers = (options.servers ?? {}) as Readonly<Record<string, string>>;
  const key = JSON.stringify(servers);
  let dispatcher = dispatchers.get(key);
  if (dispatcher === undefined) {
    dispatcher = createDispatcher([${spaces.map(({ table }) => table).join(', ')}], { servers });
    dispatchers.set(key, dispatcher);
  }
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

/** The family's known server versions as an `as const` list and a type, when the catalog knows some. */
function serverVersions(family: FamilyModel): string {
  if (family.versions === undefined) return ''
  const list = new Identifier(family.serverVersionsName)
  return (
    `${docComment(`The ${family.id} server versions the catalog knows, ascending; validate() takes one as \`server\`.`)}` +
    `export const ${list} = ${JSON.stringify(family.versions.known)} as const;\n\n` +
    `${docComment(`One known ${family.id} server version.`)}` +
    `export type ${new Identifier(family.serverVersionName)} = (typeof ${list})[number];\n`
  )
}
