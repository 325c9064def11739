// The compatibility rules of `evcat diff`, written once, as data, for the consumers of the events: code compiled
// against `@evcat/events` (its types) and code that validates messages with it (its validators).
// `out/docs/compatibility.md` is generated from this table; `evcat release` bumps versions by it.

/** How much a change matters to a consumer: breaking (major), compatible (minor) or docs (patch). */
export type Severity = 'breaking' | 'compatible' | 'docs'

/**
 * What a change does to code compiled against the old types. `break`: code that reads the changed part may
 * stop compiling; `exhaustive`: only an exhaustive `switch` (a `never` check) or an assignment to a narrower
 * type stops compiling; `extend`: something new that no existing code can trip on; `none`: the types are the same.
 */
export type TypesImpact = 'break' | 'exhaustive' | 'extend' | 'none'

/**
 * What a change does to validation of the same messages. `break`: messages that were valid become invalid;
 * `drift`: messages that were valid become drift (still accepted, reported); `relax`: messages that were
 * invalid or drift become valid; `none`: every message gets the same verdict.
 */
export type ValidationImpact = 'break' | 'drift' | 'relax' | 'none'

/** One compatibility rule: a stable id, its severity, its effect at compile time and at run time, and an example. */
export interface Rule {
  readonly id: string
  readonly severity: Severity
  readonly types: TypesImpact
  readonly validation: ValidationImpact
  /** What changed, in one line. */
  readonly title: string
  /** A one-line example. */
  readonly example: string
  /** Only `evcat validate --server F@V` (the schema projected to one server version) sees the run-time effect. */
  readonly serverOnly?: boolean
}

/** The section of compatibility.md a rule is listed in. */
export type RuleGroup = 'events' | 'fields' | 'values' | 'constraints' | 'versions' | 'evidence' | 'docs'

// prettier-ignore
const TABLE = [
  // Events and the family's union.
  ['events', 'event-removed', 'breaking', 'break', 'drift', 'An event left the catalog: its type, guard and name are gone; its messages become drift.', 'lxd: instance-exploded removed'],
  ['events', 'event-added', 'compatible', 'exhaustive', 'relax', "A new event joins its family's union: an exhaustive switch over the union stops compiling; its messages, drift before, validate.", 'lxd: instance-teleported added'],
  ['events', 'discriminator-changed', 'breaking', 'break', 'break', "The pointers that tell a family's events apart, or an event's value at them, changed.", 'lxd instance-updated: /metadata/action "instance-updated" → "instance-modified"'],
  ['events', 'type-renamed', 'breaking', 'break', 'none', "An event's generated TypeScript name changed.", 'LxdInstanceCreatedEvent → LxdInstanceAddedEvent'],
  ['events', 'definition-removed', 'breaking', 'break', 'none', 'A shared fragment (and its exported type) was removed.', 'lxd: #/definitions/Requestor removed'],
  ['events', 'definition-added', 'compatible', 'extend', 'none', 'A shared fragment (and its exported type) was added.', 'lxd: #/definitions/Placement added'],
  ['events', 'server-version-removed', 'breaking', 'none', 'break', "A version left the family's known versions: validate --server F@V refuses it.", 'lxd versions.known: 4.0.7 removed'],
  ['events', 'server-version-added', 'compatible', 'none', 'relax', "A version joined the family's known versions: validate --server F@V accepts it.", 'lxd versions.known: 6.10 added'],
  // Fields.
  ['fields', 'field-removed', 'breaking', 'break', 'drift', 'A field was removed: code that reads it stops compiling; messages that carry it become drift.', '/metadata/context/storage-pool removed'],
  ['fields', 'field-added', 'compatible', 'extend', 'relax', 'An optional field was added; messages that carry it, drift before, validate.', '/metadata/context/location added (optional)'],
  ['fields', 'required-field-added', 'breaking', 'extend', 'break', 'A required field was added: messages without it become invalid.', '/metadata/context/pool added (required)'],
  ['fields', 'field-added-required-in-versions', 'breaking', 'extend', 'break', 'A field was added that the versions sending it must carry: validate --server F@V finds their messages without it invalid; the types and the default check have it optional.', '/metadata/context/storage-pool added (required in versions >=5.0.2 <5.1 or since 5.6)'],
  ['fields', 'field-required', 'breaking', 'none', 'break', 'An optional field became required: messages without it become invalid.', '/metadata/requestor optional → required'],
  ['fields', 'field-required-in-versions', 'breaking', 'none', 'break', 'A field became required in (more of) the versions that send it: validate --server F@V finds their messages without it invalid; the types keep it optional.', '/metadata/context/storage-pool optional → required in versions since 5.6'],
  ['fields', 'field-optional', 'breaking', 'break', 'relax', 'A required field became optional: code that reads it must now handle undefined.', '/metadata/context/type required → optional'],
  ['fields', 'field-optional-in-versions', 'compatible', 'none', 'relax', 'A field required in some versions is required in fewer (or none); the types had it optional already.', '/metadata/context/storage-pool required in ">=5.6" → optional'],
  ['fields', 'object-closed', 'breaking', 'break', 'drift', 'An open object or map became closed: its index signature is gone; unlisted fields become drift.', '/metadata/resources: map → closed object'],
  ['fields', 'object-opened', 'compatible', 'extend', 'relax', 'A closed object became open (or a map): unlisted fields are no longer drift.', '/metadata/metadata: closed → additionalProperties: true'],
  // Types and values.
  ['values', 'type-changed', 'breaking', 'break', 'break', 'A type was replaced by an unrelated one.', '/metadata/status_code: string → integer'],
  ['values', 'type-widened', 'breaking', 'break', 'relax', 'A type admits more (e.g. null): code that reads it must handle the new cases.', '/metadata/resources: object → object | null'],
  ['values', 'type-narrowed', 'breaking', 'none', 'break', 'A type admits less: messages with the dropped type become invalid.', '/metadata/err: string | null → string'],
  ['values', 'number-widened', 'compatible', 'none', 'relax', 'integer → number: the TypeScript type stays number; fractions validate.', '/val: integer → number'],
  ['values', 'number-narrowed', 'breaking', 'none', 'break', 'number → integer: the TypeScript type stays number; fractions become invalid.', '/val: number → integer'],
  ['values', 'enum-value-added', 'compatible', 'exhaustive', 'relax', 'A value was added to an enum: an exhaustive switch over it stops compiling.', '/metadata/context/type: + "virtual-machine"'],
  ['values', 'enum-value-removed', 'breaking', 'break', 'break', 'A value was removed from an enum: comparisons with it stop compiling; messages with it become invalid.', '/metadata/context/type: − "vga"'],
  ['values', 'const-changed', 'breaking', 'break', 'break', 'A constant changed.', '/event_type: "vm" → "pdfm"'],
  ['values', 'enum-added', 'breaking', 'break', 'break', 'A free value was restricted to a list (or a constant): other values become invalid.', '/metadata/class: string → enum [task, websocket, token]'],
  ['values', 'enum-removed', 'compatible', 'exhaustive', 'relax', 'A value list (or constant) was dropped: any value of the type validates.', '/metadata/class: enum → string'],
  ['values', 'known-value-enforced', 'breaking', 'break', 'break', 'Known values (an x-known hint, often only a page example) became enforced (enum or const): other values become invalid.', '/message: x-known ["Application instance create"] → const'],
  ['values', 'enum-relaxed-to-known', 'compatible', 'exhaustive', 'relax', 'An enforced value list became a hint (x-known): other values validate; the type gains (string & {}).', '/message: enum → x-known'],
  ['values', 'union-member-added', 'breaking', 'break', 'relax', 'A branch was added to an anyOf/oneOf: the value may take a new shape that code must handle.', '/metadata/level: anyOf + branch 2'],
  ['values', 'union-member-removed', 'breaking', 'break', 'break', 'A branch was removed from an anyOf/oneOf: messages that only it admitted become invalid.', '/metadata/level: anyOf − branch 2'],
  // Constraints that only validation sees.
  ['constraints', 'pattern-added', 'breaking', 'none', 'break', 'A pattern was added: strings that do not match become invalid.', '/metadata/source: + pattern ^/1\\.0/'],
  ['constraints', 'pattern-removed', 'compatible', 'none', 'relax', 'A pattern was removed.', '/metadata/source: − pattern'],
  ['constraints', 'pattern-changed', 'breaking', 'none', 'break', 'A pattern changed: strings that matched may not match any more.', '/id: ^[0-9]+$ → ^[0-9]{19}$'],
  ['constraints', 'format-added', 'breaking', 'none', 'break', 'A format was added (date-time, uuid…): strings not in it become invalid.', '/metadata/id: + format uuid'],
  ['constraints', 'format-removed', 'compatible', 'none', 'relax', 'A format was removed.', '/metadata/id: − format uuid'],
  ['constraints', 'format-changed', 'breaking', 'none', 'break', 'A format changed.', '/created: date → date-time'],
  ['constraints', 'range-narrowed', 'breaking', 'none', 'break', 'A bound (minimum, maxLength, minItems…) was added or tightened.', '/val: + minimum 0'],
  ['constraints', 'range-widened', 'compatible', 'none', 'relax', 'A bound was removed or loosened.', '/val: maximum 100 → 1000'],
  ['constraints', 'condition-added', 'breaking', 'none', 'break', 'A cross-field condition (allOf, if/then, not, dependencies, x-count-equals…) was added.', '/metadata: + allOf [if status_code 200 then status Success]'],
  ['constraints', 'condition-removed', 'compatible', 'none', 'relax', 'A cross-field condition was removed.', '/metadata: − allOf'],
  ['constraints', 'condition-changed', 'breaking', 'none', 'break', 'A cross-field condition changed.', '/metadata: allOf changed'],
  ['constraints', 'schema-changed', 'breaking', 'break', 'break', 'A keyword evcat has no finer rule for changed; assumed to break both.', '/x: patternProperties changed'],
  // Versions.
  ['versions', 'versions-widened', 'compatible', 'none', 'relax', 'An event, field or branch is sent by more server versions (since/until/versions, x-since/x-until/x-versions).', 'instance-created: since 5.0 → 4.16'],
  ['versions', 'versions-narrowed', 'compatible', 'none', 'drift', 'An event or field is sent by fewer versions: with --server, a message of another version that carries it is drift.', '/metadata/name: x-since 5.0 → 5.19'],
  ['versions', 'branch-versions-narrowed', 'breaking', 'none', 'break', 'An anyOf/oneOf branch, or a value of a value list per version, applies to fewer versions: with --server, values only it admitted become invalid.', '/metadata/level: branch 2 x-versions "<5.0" → "<4.0"'],
  ['versions', 'versions-introduced', 'docs', 'none', 'none', 'A version fact (since/until/versions, x-since/x-until/x-versions, a field required in its versions) changed in a family that listed no known versions before: no check of the old release read it, only validate --server F@V reads it now; the types and the default check are unchanged.', 'network-zone-created: sent by fewer versions: every version → since 4.20'],
  ['versions', 'versions-respelled', 'docs', 'none', 'none', 'Version keys were written differently but cover the same versions.', 'x-since "5.0" → x-versions ">=5.0"'],
  // Evidence: provenance only.
  ['evidence', 'evidence-added', 'docs', 'none', 'none', 'Evidence (x-evidence) was added to a constraint that was already enforced.', '/metadata/status_code: + x-evidence lxd-main shared/api/status_code.go'],
  ['evidence', 'evidence-removed', 'docs', 'none', 'none', 'Evidence was removed from a constraint (the constraint itself did not change).', '/metadata/class: − x-evidence'],
  ['evidence', 'evidence-changed', 'docs', 'none', 'none', "A constraint's evidence now cites other sources.", '/metadata/class: x-evidence lxd-5.0.2 → lxd-main'],
  // Documentation.
  ['docs', 'known-value-added', 'docs', 'none', 'none', 'A known value (x-known hint) was added; the value validated before and after.', '/metadata/class: x-known + "durable"'],
  ['docs', 'known-value-removed', 'docs', 'none', 'none', 'A known value (x-known hint) was removed.', '/metadata/class: x-known − "durable"'],
  ['docs', 'description-changed', 'docs', 'none', 'none', 'A description, summary, title, note, page claim or correction changed.', 'instance-created: description changed'],
  ['docs', 'examples-changed', 'docs', 'none', 'none', 'Examples (catalog examples, schema examples or default) changed.', 'instance-created: examples changed'],
  ['docs', 'sources-changed', 'docs', 'none', 'none', 'The sources cited for an event or a field (sources, x-source) changed.', 'instance-created: sources + capture-5-0-2'],
  ['docs', 'event-deprecated', 'docs', 'none', 'none', 'An event was deprecated or undeprecated (the types mark it @deprecated).', 'instance-console-retrieved deprecated'],
  ['docs', 'annotation-changed', 'docs', 'none', 'none', 'Another x- annotation changed (x-note and the like).', '/metadata/class: x-note changed'],
] as const

/** A rule id of the table. */
export type RuleId = (typeof TABLE)[number][1]

// Rules whose run-time effect only a projection to one server version shows.
const SERVER_ONLY = new Set<string>([
  'field-added-required-in-versions',
  'field-required-in-versions',
  'field-optional-in-versions',
  'server-version-removed',
  'server-version-added',
  'versions-widened',
  'versions-narrowed',
  'branch-versions-narrowed',
])

/** A rule with the section of compatibility.md it is listed in. */
export interface ListedRule extends Rule {
  readonly id: RuleId
  readonly group: RuleGroup
}

/** Every rule, in the order compatibility.md lists them. */
export const RULES: readonly ListedRule[] = TABLE.map(([group, id, severity, types, validation, title, example]) => ({
  group,
  id,
  severity,
  types,
  validation,
  title,
  example,
  ...(SERVER_ONLY.has(id) ? { serverOnly: true } : {}),
}))

const BY_ID = new Map<string, ListedRule>(RULES.map((r) => [r.id, r]))

/** The rule of an id; throws for an id the table does not have (a bug in evcat, never user input). */
export function ruleOf(id: string): ListedRule {
  const rule = BY_ID.get(id)
  if (rule === undefined) throw new Error(`no compatibility rule "${id}"`)
  return rule
}

/** Whether a rule id exists (for acknowledged-changes entries). */
export function isRuleId(id: string): boolean {
  return BY_ID.has(id)
}

/** The severity that a rule's two impacts imply: any break is breaking; no effect at all is docs. */
export function impliedSeverity(types: TypesImpact, validation: ValidationImpact): Severity {
  if (types === 'break' || validation === 'break') return 'breaking'
  return types === 'none' && validation === 'none' ? 'docs' : 'compatible'
}

/** The order of severities, most serious first. */
export const SEVERITIES: readonly Severity[] = ['breaking', 'compatible', 'docs']
