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

/** camelCase for runtime names: `events-hub` → `eventsHub`, `i3d` → `i3D`. */
export function camelCase(id: string): string {
  const p = pascalCase(id)
  return p[0]!.toLowerCase() + p.slice(1)
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
