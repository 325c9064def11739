import { describe, expect, it } from 'vitest'
import { apiReport } from '../../generators/package/api-report.js'

// A small package's declaration files, with every kind of export the generated package uses.
const PACKAGE = new Map([
  [
    'index.d.ts',
    `export * as zoo from "./zoo/index.js";
import type * as zooTypes from "./zoo/index.js";
export type AnyEvent = zooTypes.ZooEvent;
/** A doc comment the report leaves out. */
export declare function validate(payload: unknown, options?: Options): Validation;
export { parse } from "./zoo/index.js";
export type { Problem } from "./runtime/messages.js";
interface Options { readonly servers?: Record<string, string> }
type Validation = { ok: boolean };
`,
  ],
  [
    'zoo/index.d.ts',
    `export * from "./types.gen.js";
import type { Problem } from "../runtime/messages.js";
import { zooTable } from "../validators/zoo.gen.js";
export type { Problem };
export { zooTable as table };
export declare const zooNames: readonly [
    "fed",
    "escaped"
];
export declare function parse(text: string): unknown;
export { readFileSync } from "node:fs";
`,
  ],
  [
    'zoo/types.gen.d.ts',
    `export type ZooEvent = ZooFedEvent | ZooEscapedEvent;
export interface ZooFedEvent extends ZooBase {
    /** what it ate */
    food: "hay" | "fish";
    "kg-eaten"?: number;
    weigh(): number;
}
export interface ZooEscapedEvent { where?: string; [k: string]: unknown }
interface ZooBase { at: string }
export declare const zooEventNames: readonly ["escaped", "fed"];
`,
  ],
  [
    'runtime/messages.d.ts',
    'export interface Problem {\n    readonly pointer: string;\n    readonly message: string;\n}\n',
  ],
  [
    'validators/zoo.gen.d.ts',
    'import type { FamilyTable } from "./runtime/dispatch.js";\nexport declare const zooTable: FamilyTable;\n',
  ],
])

describe('api report (read from the declaration files, no type checker)', () => {
  const report = apiReport(PACKAGE, [
    { subpath: '.', file: 'index.d.ts' },
    { subpath: './zoo', file: 'zoo/index.d.ts' },
  ])

  it('lists each entry point’s exports by name, following every kind of re-export to its declaration', () => {
    expect(report).toBe(`# Public API of the generated package

Every exported name of each entry point, with its declared type, read from the package's \`.d.ts\` files.

## \`.\`

\`\`\`ts
type AnyEvent = zooTypes.ZooEvent
interface Problem { pointer; message }
function parse(text: string): unknown
function validate(payload: unknown, options?: Options): Validation
namespace zoo (index of zoo)
\`\`\`

## \`./zoo\`

\`\`\`ts
interface Problem { pointer; message }
interface ZooEscapedEvent { where?; [k: string]: unknown }
type ZooEvent = ZooFedEvent | ZooEscapedEvent
interface ZooFedEvent extends ZooBase { food; "kg-eaten"?; weigh() }
function parse(text: string): unknown
export readFileSync from "node:fs"
const table: FamilyTable
const zooEventNames: readonly ["escaped", "fed"]
const zooNames: readonly ["fed", "escaped"]
\`\`\`
`)
  })

  it('gives the same text whatever order the files are listed in', () => {
    const reversed = new Map([...PACKAGE].reverse())
    expect(
      apiReport(reversed, [
        { subpath: '.', file: 'index.d.ts' },
        { subpath: './zoo', file: 'zoo/index.d.ts' },
      ]),
    ).toBe(report)
  })
})
