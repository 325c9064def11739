/**
 * The one place catalog text becomes Markdown. Every string of the catalog is hostile until it has been through
 * here: the view model escapes once, and the templates print what they get (Handlebars runs with `noEscape`).
 *
 * Decisions:
 * - `escapeText` output is a single line, safe in a table cell, a list item, a blockquote, a heading and a
 *   paragraph alike, so the view model never needs to know where a string will land.
 * - Line breaks become `<br>` (GitHub and CommonMark render it in cells and paragraphs; a real newline would
 *   end a table row or a list item). Blank lines become `<br><br>`.
 * - `<`, `>` and `&` become entities, so catalog text can carry no HTML and no autolink; our own `<br>` is then
 *   the only HTML in the output. `&amp;` in the catalog shows as `&amp;`, as written.
 * - Markdown-active punctuation is backslash-escaped everywhere (`\` `` ` `` `*` `_` `[` `]` `|` `~` `#` `$`);
 *   at the start of the text, `+`, `-`, `=` and an ordered-list marker (`1. `, `1)`) are escaped too, since
 *   only there do they open a block (`>` already is an entity).
 * - Leading and trailing whitespace is dropped (a table trims it anyway; four spaces would open a code block).
 */
export function escapeText(text: string): string {
  const oneLine = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/[ \t]*\n[ \t]*/g, '\n')
  let out = ''
  for (const ch of oneLine) out += ESCAPES.get(ch) ?? ch
  return out
    .replace(/\n/g, '<br>')
    .replace(/^([+\-=])/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|<br>|$)/, '$1\\$2')
}

const ESCAPES = new Map<string, string>([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ...[...'\\`*_[]|~#$'].map((c) => [c, `\\${c}`] as [string, string]),
])

/**
 * An inline code span of `text`, safe in a table cell and in a heading. The fence is one backtick longer than
 * the longest backtick run inside; line breaks become spaces. A `|` cannot be written inside a code span in a
 * GFM table without changing the code (the table eats the backslash), so text with a pipe falls back to
 * escaped plain text: exact, only not monospaced; so does blank text, which no code span can hold.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ')
  if (flat.includes('|') || flat.trim() === '') return escapeText(flat)
  const fence = '`'.repeat(longestRun(flat, '`') + 1)
  // A space on each side keeps a leading/trailing backtick or space from merging with the fence; the
  // renderer strips exactly one space from each side.
  const pad = /^[` ]|[` ]$/.test(flat) ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/** A fenced code block's parts: a fence longer than any backtick run in the body, and the body with LF endings. */
export interface FenceView {
  readonly fence: string
  readonly lang: string
  readonly body: string
}

/** Builds a fenced block for verbatim text (the page's own words, JSON); the body is never escaped. */
export function fenced(body: string, lang = 'text'): FenceView {
  const text = body.replace(/\r\n?/g, '\n').replace(/\s+$/, '').replace(/^\n+/, '')
  return {
    fence: '`'.repeat(Math.max(3, longestRun(text, '`') + 1)),
    lang: /^[a-z]*$/.test(lang) ? lang : 'text',
    body: text,
  }
}

/** A link target that is safe as an autolink (`<https://…>`); anything else is shown as escaped text. */
export function urlText(url: string): string {
  return /^https?:\/\/[^\s<>`|\\]+$/.test(url) ? `<${url}>` : escapeText(url)
}

function longestRun(text: string, ch: string): number {
  let best = 0
  let run = 0
  for (const c of text) {
    run = c === ch ? run + 1 : 0
    if (run > best) best = run
  }
  return best
}
