/** Text for a Markdown table cell or list item: one line, pipes and inline markers taken literally. */
export function mdText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1')
}

/** An inline code span (empty text gives nothing); a pipe is escaped so that a table keeps its cells. */
export function mdCode(text: string): string {
  if (text === '') return ''
  const fence = text.includes('`') ? '``' : '`'
  const pad = fence === '``' ? ' ' : ''
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`
}
