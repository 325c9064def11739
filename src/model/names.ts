import type { Diagnostic } from '../errors.js'

/** PascalCase of an id: `events-hub` → `EventsHub`, `VM_ADDED` → `VmAdded`, `AIMCreate` stays `AIMCreate`. */
export function pascalCase(id: string): string {
  return (
    id
      .split(/[^A-Za-z0-9]+/)
      .filter((part) => part.length > 0)
      .map((part) => {
        // An all-caps word (VM, ADDED) reads better as Vm, Added; mixed case (AIMCreate) is kept as written.
        const word = /^[A-Z0-9]+$/.test(part) && /[A-Z]/.test(part) ? part[0] + part.slice(1).toLowerCase() : part
        return word[0]!.toUpperCase() + word.slice(1)
      })
      .join('')
      // json-schema-to-typescript upper-cases a letter after a digit (I3d → I3D); choose names that survive it.
      .replace(/([0-9])([a-z])/g, (_, d: string, l: string) => d + l.toUpperCase())
  )
}

/**
 * camelCase for runtime names (values, namespaces): the id's words as written, joined (`events-hub` →
 * `eventsHub`, `i3d` → `i3d`, as the package's subpath reads). Unlike type names these never pass through
 * json-schema-to-typescript, so a letter after a digit keeps its case.
 */
export function camelCase(id: string): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0)
  const [first = '', ...rest] = words
  const tail = rest.map((w) => w[0]!.toUpperCase() + w.slice(1))
  return first.slice(0, 1).toLowerCase() + first.slice(1) + tail.join('')
}

/** Every generated name of a family, decided here once: types, validators, the package's namespace. */
export function familyNames(id: string): {
  typePrefix: string
  namespace: string
  unionName: string
  eventMapName: string
  nameListName: string
  tableName: string
  validationName: string
  envelopeValidatorName: string
  serverVersionsName: string
  serverVersionName: string
  validateOptionsName: string
} {
  const typePrefix = pascalCase(id)
  const runtime = camelCase(id)
  return {
    typePrefix,
    namespace: runtime,
    unionName: `${typePrefix}Event`,
    eventMapName: `${typePrefix}EventMap`,
    nameListName: `${runtime}EventNames`,
    tableName: `${runtime}Table`,
    validationName: `${typePrefix}Validation`,
    envelopeValidatorName: `validate${typePrefix}Envelope`,
    serverVersionsName: `${runtime}ServerVersions`,
    serverVersionName: `${typePrefix}ServerVersion`,
    validateOptionsName: `${typePrefix}ValidateOptions`,
  }
}

/** Every generated name of a group: its union type, its `as const` name list and its validator. */
export function groupNames(
  familyId: string,
  groupId: string,
): {
  unionName: string
  nameListName: string
  validatorName: string
} {
  const { typePrefix, namespace } = familyNames(familyId)
  const group = pascalCase(groupId)
  return {
    unionName: `${typePrefix}${group}Event`,
    nameListName: `${namespace}${group}Names`,
    validatorName: `validate${typePrefix}${group}Group`,
  }
}

/** The type name of a shared fragment (`#/definitions/X`): family prefix + its name. */
export function definitionTypeName(typePrefix: string, name: string): string {
  return `${typePrefix}${name}`
}

/** The validator and type guard names of an event, from its type name. */
export function eventNames(typeName: string): {
  validatorName: string
  aroundValidatorName: string
  guardName: string
} {
  return {
    validatorName: `validate${typeName}`,
    aroundValidatorName: `validate${typeName}Around`,
    guardName: `is${typeName}`,
  }
}

/** A validator's name for one server version's variant of its schema: `validateLxdEnvelope_5_0_2`, `…_main`. */
export function versionedValidatorName(name: string, version: string): string {
  return `${name}_${version.replace(/^v/, '').replace(/[^A-Za-z0-9]/g, '_')}`
}

/** The TypeScript type name of an event: family prefix + name (or the catalog's typeName) + `Event`. */
export function eventTypeName(familyPrefix: string, name: string, override?: string): string {
  return `${familyPrefix}${override ?? pascalCase(name)}Event`
}

/** Finds events whose generated names collide; a collision is a catalog error, never a silent `Foo1`. */
export function nameCollisions(
  events: readonly {
    readonly typeName: string
    readonly name: string
    readonly family: string
    readonly source: Diagnostic['location']
  }[],
): Diagnostic[] {
  const seen = new Map<string, { name: string; family: string }>()
  const out: Diagnostic[] = []
  for (const e of events) {
    const first = seen.get(e.typeName)
    if (first === undefined) {
      seen.set(e.typeName, e)
      continue
    }
    out.push({
      code: 'name-collision',
      severity: 'error',
      message: `events "${first.family}/${first.name}" and "${e.family}/${e.name}" both generate the type name ${e.typeName}`,
      location: e.source,
      hint: 'set typeName: on one of them to choose a distinct name',
    })
  }
  return out
}
