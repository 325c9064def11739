import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { listFiles } from '../generators/pipeline.js'

/** An attribute value as the browser reads it: the entities Handlebars writes, decoded. */
export function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase()
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16))
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower]!
  })
}

/**
 * Every `href` and `src` of every page of a site folder that does not resolve: a missing file, or a `#fragment`
 * with no element of that id in the target. External links (http, https) are listed separately, never followed.
 */
export function brokenLinks(site: string): { broken: string[]; external: string[]; checked: number } {
  const ids = new Map<string, Set<string>>()
  const idsOf = (file: string): Set<string> => {
    let set = ids.get(file)
    if (set === undefined) {
      const html = readFileSync(file, 'utf8')
      set = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeAttribute(m[1]!)))
      ids.set(file, set)
    }
    return set
  }
  const broken: string[] = []
  const external: string[] = []
  let checked = 0
  for (const page of listFiles(site).filter((p) => p.endsWith('.html'))) {
    const file = join(site, page)
    const html = readFileSync(file, 'utf8')
    for (const m of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const target = decodeAttribute(m[2]!)
      checked++
      if (/^https?:/.test(target)) {
        external.push(target)
        continue
      }
      const [path, fragment] = target.split('#') as [string, string | undefined]
      const resolved = path === '' ? file : resolve(dirname(file), path.split('?')[0]!)
      if (!resolved.startsWith(resolve(site)) || !existsSync(resolved))
        broken.push(`${page}: ${target} (no file ${relative(site, resolved)})`)
      else if (fragment !== undefined && fragment !== '' && !idsOf(resolved).has(decodeURIComponent(fragment)))
        broken.push(`${page}: ${target} (no id "${fragment}")`)
    }
  }
  return { broken, external, checked }
}
