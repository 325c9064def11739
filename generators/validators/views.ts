import type { Ajv } from 'ajv'
import { versionedValidatorName } from '../../src/model/names.js'
import { projectFamily } from '../../src/model/project.js'
import type { FamilyModel } from '../../src/model/types.js'
import { schemaAt } from '../../src/schema/merge.js'
import { collectRefs, definitionName } from '../../src/schema/refs.js'
import type { JsonSchema } from '../../src/schema/types.js'
import { prepare } from './schemas.js'

/** The validators of one view of a family (every version at once, or one server version), by export name. */
export interface ViewValidators {
  readonly envelope: string
  /** Per group, in the family's order. */
  readonly groups: readonly string[]
  /** Per event of the view: its own part, and the message around it for an event with its own base. */
  readonly events: ReadonlyMap<string, { readonly validate: string; readonly around: string | null }>
}

/**
 * Adds schemas to one ajv instance, once per distinct content: a server version whose schema for an event is
 * the same as another's shares its validator, so the module grows only by what really differs by version.
 */
export class ValidatorRegistry {
  /** Export name → schema id, for ajv's standaloneCode: one name per distinct schema. */
  readonly exports: Record<string, string> = {}
  /** Further export names of an already exported validator (standaloneCode would declare its code twice). */
  readonly aliases = new Map<string, string>()
  private readonly byContent = new Map<string, string>()
  private readonly firstName = new Map<string, string>()
  private next = 0

  constructor(
    private readonly ajv: Ajv,
    private readonly family: string,
  ) {}

  /**
   * Adds an exported validator and returns the name to call it by. With `alias` (the every-version view, whose
   * names the package and tests know) the name is always exported, sharing the code of an equal schema; without
   * it (a version's variant), an equal schema's existing name is returned and nothing new is exported.
   */
  export(schema: JsonSchema, name: string, alias: boolean): string {
    const id = this.add(JSON.stringify(schema), schema)
    const existing = this.firstName.get(id)
    if (existing === undefined) {
      this.exports[name] = id
      this.firstName.set(id, name)
      return name
    }
    if (!alias || existing === name) return existing
    this.aliases.set(name, existing)
    return name
  }

  /** Adds a referenced (not exported) schema; returns its id, shared with any earlier schema of the same content. */
  reference(schema: JsonSchema, id: string): string {
    const key = `ref\u0000${JSON.stringify(schema)}`
    const known = this.byContent.get(key)
    if (known !== undefined) return known
    this.ajv.addSchema(schema, id)
    this.byContent.set(key, id)
    return id
  }

  private add(key: string, schema: JsonSchema): string {
    const known = this.byContent.get(key)
    if (known !== undefined) return known
    const id = `evcat:${this.family}:${this.next++}`
    this.ajv.addSchema(schema, id)
    this.byContent.set(key, id)
    return id
  }
}

/** Compiles one view of a family into the registry: `server` undefined for every version at once. */
export function compileView(registry: ValidatorRegistry, family: FamilyModel, server?: string): ViewValidators {
  const view = server === undefined ? family : projectFamily(family, server)
  const alias = server === undefined
  const name = (base: string): string => (alias ? base : versionedValidatorName(base, server))
  const ref = definitionRefs(registry, view, server)
  const prep = (schema: JsonSchema): JsonSchema => prepare(view, schema, ref)
  // A group whose events see the whole message still gets a validator: it judges that group's unknown events.
  const groups = view.groups.map((g) => registry.export(prep(g.schema), name(g.validatorName), alias))
  const events = new Map<string, { validate: string; around: string | null }>()
  for (const e of view.events) {
    const part = e.payloadAt === '' ? e.schema : (schemaAt(e.schema, e.payloadAt) ?? {})
    const around =
      e.around === undefined || e.payloadAt === ''
        ? null
        : registry.export(prep(e.around), name(e.aroundValidatorName), alias)
    events.set(e.name, { validate: registry.export(prep(part), name(e.validatorName), alias), around })
  }
  return { envelope: registry.export(prep(view.envelope), name(family.envelopeValidatorName), alias), groups, events }
}

/**
 * Gives each shared fragment of a view its own schema id, so that a version changes only the validators that
 * reach a fragment it really changes. Fragments are added after the ones they refer to (there are no cycles:
 * ajv would reject a `$ref` to an id not yet added).
 */
function definitionRefs(registry: ValidatorRegistry, view: FamilyModel, server?: string): (name: string) => string {
  const ids = new Map<string, string>()
  const resolve = (defName: string, stack: readonly string[]): string => {
    const done = ids.get(defName)
    if (done !== undefined) return done
    if (stack.includes(defName)) throw new Error(`${view.id}: definitions refer to each other: ${stack.join(' → ')}`)
    const schema = view.definitions[defName] ?? {}
    for (const { ref } of collectRefs(schema)) {
      const target = definitionName(ref)
      if (target !== undefined) resolve(target, [...stack, defName])
    }
    const prepared = prepare(view, schema, (n) => ids.get(n)!)
    const suffix = server === undefined ? '' : `@${server}`
    const id = registry.reference(prepared, `evcat:${view.id}:def:${defName}${suffix}`)
    ids.set(defName, id)
    return id
  }
  for (const defName of Object.keys(view.definitions)) resolve(defName, [])
  return (n) => ids.get(n) ?? resolve(n, [])
}
