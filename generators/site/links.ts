import type { EventModel, FamilyModel } from '../../src/model/types.js'
import { eventStem } from '../schemas/documents.js'

// Every page path of the site is decided here, relative to the site folder; pages link with `root` (`''` at the
// top, `'../'` one folder down), so the site works from file:// and from any folder of a static host.

/** The home page. */
export const HOME = 'index.html'
/** The search page (results need JavaScript; the form works on every page). */
export const SEARCH = 'search.html'

/** A family's page. */
export function familyPath(family: FamilyModel): string {
  return `${family.id}/index.html`
}

/** An event's page. */
export function eventPath(family: FamilyModel, event: EventModel): string {
  return `${family.id}/${eventStem(event.name)}.html`
}

/** The prefix from a page back to the site folder: `''` or `'../'`. */
export function rootOf(path: string): string {
  return '../'.repeat(path.split('/').length - 1)
}

/** An external link target that is safe in `href`: http(s) only, else undefined (the text is shown unlinked). */
export function safeUrl(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\/[^\s"'<>`]+$/.test(url) ? url : undefined
}

/** The anchor of a group on its family's page. */
export function groupAnchor(id: string): string {
  return `group-${id.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
}
