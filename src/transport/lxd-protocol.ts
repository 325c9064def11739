// The part of LXD's REST API that a client of /1.0/events meets (lxd/events.go, lxd/events/events.go), both sides
// in one place: the query the tap's client (lxd.ts) asks with, and how the mock's server (src/mock/lxd-server.ts)
// reads and filters it, as LXD does. Pure functions.

/** The event types `GET /1.0/events?type=` accepts (LXD main: lxd/events.go). */
export const LXD_EVENT_TYPES = ['logging', 'operation', 'lifecycle', 'ovn', 'security'] as const

/** Where LXD's socket is: the Debian package's path first, then the snap's. `$LXD_DIR` holds a `unix.socket`. */
export const LXD_SOCKETS = ['/var/lib/lxd/unix.socket', '/var/snap/lxd/common/lxd/unix.socket'] as const

/** What a listener of `/1.0/events` asks for. */
export interface EventsQuery {
  /** Event types; every type when empty. */
  readonly types: readonly string[]
  /** One project's events (LXD's default project when absent). */
  readonly project?: string
  /** Events of every project; excludes `project` (LXD answers 400). */
  readonly allProjects: boolean
}

/** LXD's 400 answer to a query that names a project and all projects at once. */
export const PROJECT_AND_ALL = 'Cannot specify a project when requesting all projects'

/** The `/1.0/events` path a client asks with: `type` as a comma list, `project`, `all-projects=true`. */
export function eventsPath(q: EventsQuery): string {
  const query = new URLSearchParams()
  if (q.types.length > 0) query.set('type', q.types.join(','))
  if (q.project !== undefined) query.set('project', q.project)
  if (q.allProjects) query.set('all-projects', 'true')
  const text = query.toString()
  return `/1.0/events${text === '' ? '' : `?${text}`}`
}

/** The query of `GET /1.0/events`, read and checked as LXD does; a string is the 400 answer. */
export function eventsQuery(url: URL): (EventsQuery & { readonly project: string }) | string {
  const typeParam = url.searchParams.get('type') ?? ''
  const types = typeParam === '' ? [...LXD_EVENT_TYPES] : typeParam.split(',')
  for (const t of types) {
    if (!(LXD_EVENT_TYPES as readonly string[]).includes(t)) return `${JSON.stringify(t)} isn't a supported event type`
  }
  const project = url.searchParams.get('project') ?? ''
  const allProjects = ['true', '1', 'yes', 'on'].includes((url.searchParams.get('all-projects') ?? '').toLowerCase())
  if (allProjects && project !== '') return PROJECT_AND_ALL
  return { types, project: project === '' ? 'default' : project, allProjects }
}

/**
 * Whether a listener gets an event, as lxd/events/events.go decides: its type was asked for, and the event has no
 * project (server-level events reach everyone), or it is the listener's project, or the listener asked for all.
 */
export function lxdAccepts(
  query: EventsQuery & { readonly project: string },
  event: { readonly channel: string; readonly project?: string },
): boolean {
  if (!query.types.includes(event.channel)) return false
  return query.allProjects || event.project === undefined || event.project === query.project
}
