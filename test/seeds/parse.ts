import { readFileSync } from 'node:fs'

/** Where the vendor pages live: `shared/seeds` beside the repository. */
export const SEEDS = '../shared/seeds'

/** One row of a Markdown table, with the headings it sits under. */
export interface TableRow {
  readonly headings: readonly string[]
  readonly cells: readonly string[]
}

/** Reads a seed page by file name. */
export function readSeed(file: string): string {
  return readFileSync(`${SEEDS}/${file}`, 'utf8')
}

/** Every data row of every Markdown table, with the `#` headings in force (header and rule rows skipped). */
export function markdownTables(text: string): TableRow[] {
  const rows: TableRow[] = []
  const headings: string[] = []
  let inTable = false
  for (const line of text.split('\n')) {
    const h = /^(#+)\s+(.*)$/.exec(line)
    if (h) {
      headings.length = h[1]!.length - 1
      headings[h[1]!.length - 1] = h[2]!.trim()
      inTable = false
      continue
    }
    if (!line.startsWith('|')) {
      inTable = false
      continue
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    if (!inTable) {
      inTable = true // the header row
      continue
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue
    rows.push({ headings: headings.filter((x) => x !== undefined), cells })
  }
  return rows
}

/** Every `- __name__: text` bullet of a page, with the `##` heading it is under. */
export function boldBullets(text: string): { section: string; name: string; text: string }[] {
  const out: { section: string; name: string; text: string }[] = []
  let section = ''
  for (const line of text.split('\n')) {
    const h = /^##\s+(.*)$/.exec(line)
    if (h) section = h[1]!.trim()
    const b = /^- __([^_]+(?:_[^_]+)*)__: (.*)$/.exec(line)
    if (b) out.push({ section, name: b[1]!, text: b[2]!.trim() })
  }
  return out
}

/** Every balanced `{…}` block of a page that has an `event_type` and a `message` (the example messages). */
export function jsonExampleBlocks(text: string): { text: string; eventType: string; message: string }[] {
  const out: { text: string; eventType: string; message: string }[] = []
  for (let i = text.indexOf('{'); i >= 0;) {
    let depth = 0
    let end = -1
    for (let j = i; j < text.length; j++) {
      if (text[j] === '{') depth++
      else if (text[j] === '}' && --depth === 0) {
        end = j
        break
      }
    }
    if (end < 0) break
    const block = text.slice(i, end + 1)
    const eventType = /"event_type"\s*:\s*"([^"]+)"/.exec(block)?.[1]
    const message = /"message"\s*:\s*"([^"]+)"/.exec(block)?.[1]
    if (eventType !== undefined && message !== undefined) {
      out.push({ text: block, eventType, message })
      i = text.indexOf('{', end + 1)
    } else {
      i = text.indexOf('{', i + 1)
    }
  }
  return out
}

/** Text with every whitespace run removed, for comparing examples whose indentation differs. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '')
}
