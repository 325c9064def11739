/**
 * `x-template`: how a platform builds a string from named parts, e.g. LXD's lifecycle source
 * `/1.0/instances/{instance}{?project}` (lxd/lifecycle/instance.go: `api.NewURL().Path(…, "instances", name).Project(p)`).
 *
 * - `{name}` inserts a value of the shape `name`; `{var:shape}` a value of `shape` bound to the variable `var`
 *   (two variables of one shape hold different values, e.g. a new and an old name).
 * - `{?key}` / `{?key:shape}` appends the query parameter `key=value` (`?` first, `&` after), left out when the
 *   value is one its shape omits (LXD's `.Project()` leaves out `default`).
 * - `{{` and `}}` are literal braces. Values are inserted as they are.
 */

/** One piece of a parsed template. */
export type TemplateToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'part'; readonly name: string; readonly shape: string }
  | { readonly kind: 'query'; readonly name: string; readonly shape: string }

/** A parsed template, or why it does not parse. */
export type ParsedTemplate =
  { readonly ok: true; readonly tokens: readonly TemplateToken[] } | { readonly ok: false; readonly error: string }

const NAME = /^[a-z][a-z0-9-]*$/

/** Parses a template into text, part and query tokens. */
export function parseTemplate(template: string): ParsedTemplate {
  const tokens: TemplateToken[] = []
  let text = ''
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      text += c
      i++
      continue
    }
    if (c === '}') return { ok: false, error: `a lone "}" at ${i + 1} (write "}}" for a literal brace)` }
    if (c !== '{') {
      text += c
      continue
    }
    const end = template.indexOf('}', i)
    if (end < 0) return { ok: false, error: `"{" at ${i + 1} is never closed` }
    const body = template.slice(i + 1, end)
    const query = body.startsWith('?')
    const [name = '', shape = name, extra] = (query ? body.slice(1) : body).split(':')
    if (!NAME.test(name) || !NAME.test(shape) || extra !== undefined)
      return { ok: false, error: `"{${body}}" is not a part: write {name}, {name:shape}, {?name} or {?name:shape}` }
    if (text !== '') tokens.push({ kind: 'text', text })
    text = ''
    tokens.push({ kind: query ? 'query' : 'part', name, shape })
    i = end
  }
  if (text !== '') tokens.push({ kind: 'text', text })
  return { ok: true, tokens }
}

/** The shapes a template's parts name, in order of first use. */
export function templateShapes(tokens: readonly TemplateToken[]): string[] {
  return [...new Set(tokens.flatMap((t) => (t.kind === 'text' ? [] : [t.shape])))]
}

/**
 * The `pattern` a template enforces: its literal structure, with any value where a part goes. A path segment that
 * holds a part is one or more characters other than `/ ? #`; a query value is one or more characters other than
 * `& #`; a `{?key}` part may be absent. Several templates (the forms of several versions or events) give one
 * alternation, with their common beginnings written once (a trie), so the pattern stays short.
 */
export function templatePattern(templates: readonly (readonly TemplateToken[])[]): string {
  const root: Trie = { children: new Map(), end: false }
  for (const tokens of templates) {
    let node = root
    for (const atom of templateAtoms(tokens)) {
      let next = node.children.get(atom)
      if (next === undefined) node.children.set(atom, (next = { children: new Map(), end: false }))
      node = next
    }
    node.end = true
  }
  return `^${emit(root)}$`
}

interface Trie {
  readonly children: Map<string, Trie>
  end: boolean
}

function emit(node: Trie): string {
  const branches = [...node.children].map(([atom, child]) => atom + emit(child))
  if (branches.length === 0) return ''
  const body = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`
  if (!node.end) return body
  if (branches.length === 1 && body.endsWith(')?') && isGroup(body.slice(0, -1))) return body
  return branches.length === 1 && isGroup(body) ? `${body}?` : `(?:${branches.join('|')})?`
}

// Whether a regex is one group (so `?` can follow it directly).
function isGroup(regex: string): boolean {
  if (!regex.startsWith('(?:') || !regex.endsWith(')')) return false
  let depth = 0
  for (let i = 0; i < regex.length; i++) {
    if (regex[i] === '\\') i++
    else if (regex[i] === '(') depth++
    else if (regex[i] === ')' && --depth === 0 && i < regex.length - 1) return false
  }
  return true
}

/** A template as regex atoms: each separator, each literal segment, `[^/?#]+` for a segment with a part, and query parts. */
function templateAtoms(tokens: readonly TemplateToken[]): string[] {
  const atoms: string[] = []
  let segment = { regex: '', hasPart: false }
  let inQuery = false
  const flush = (): void => {
    const atom = segment.hasPart ? (inQuery ? '[^&#]+' : '[^/?#]+') : segment.regex
    if (atom !== '') atoms.push(atom)
    segment = { regex: '', hasPart: false }
  }
  for (const token of tokens) {
    if (token.kind === 'part') segment.hasPart = true
    else if (token.kind === 'query') {
      flush()
      atoms.push(`(?:[?&]${escapeRegex(token.name)}=[^&#]+)?`)
    } else
      for (const c of token.text) {
        const boundary = inQuery ? c === '&' || c === '=' : c === '/' || c === '?'
        if (!boundary) {
          segment.regex += escapeRegex(c)
          continue
        }
        flush()
        atoms.push(escapeRegex(c))
        if (c === '?') inQuery = true
      }
  }
  flush()
  return atoms
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => (c === '/' || c === '-' ? c : `\\${c}`))
}

/**
 * Renders a template: `value(name, shape)` gives each part's value (the caller binds variables); a query part is
 * left out when `omitted(shape, value)` says so.
 */
export function renderTemplate(
  tokens: readonly TemplateToken[],
  value: (name: string, shape: string) => string,
  omitted: (shape: string, value: string) => boolean,
): string {
  let out = ''
  let query = false
  for (const token of tokens) {
    if (token.kind === 'text') {
      out += token.text
      if (token.text.includes('?')) query = true
    } else if (token.kind === 'part') out += value(token.name, token.shape)
    else {
      const v = value(token.name, token.shape)
      if (omitted(token.shape, v)) continue
      out += `${query ? '&' : '?'}${token.name}=${encodeURIComponent(v).replace(/%20/g, '+')}`
      query = true
    }
  }
  return out
}
