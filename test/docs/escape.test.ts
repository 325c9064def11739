import { describe, expect, it } from 'vitest'
import { codeSpan, escapeText, fenced, urlText } from '../../generators/docs/escape.js'
import { splitRow } from './markdown.js'

const HOSTILE = [
  'a | b',
  'line one\nline two',
  'tick ` and `code`',
  '<script>alert(1)</script>',
  '&amp; &lt;',
  '*bold* and _em_',
  '[x](y) ![img](z)',
  '# heading',
  '```````',
  '| leading pipe',
  'trailing backslash \\',
  '\\| escaped pipe',
  '> quote',
  '- item',
  '1. first',
  '  padded  ',
  '~~strike~~ $math$',
  '*/ export const injected = 1; /*',
  'say "hi" and \'bye\'',
  'a\r\n\r\nb',
  '',
]

describe('escapeText', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['line one\nline two', 'line one<br>line two'],
    ['a\r\n\r\nb', 'a<br><br>b'],
    ['  x  \n  y  ', 'x<br>y'],
    ['tick ` and `code`', 'tick \\` and \\`code\\`'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['&amp;', '&amp;amp;'],
    ['*bold* and _em_', '\\*bold\\* and \\_em\\_'],
    ['[x](y)', '\\[x\\](y)'],
    ['# heading', '\\# heading'],
    ['C# and #1', 'C\\# and \\#1'],
    ['```````', '\\`\\`\\`\\`\\`\\`\\`'],
    ['trailing backslash \\', 'trailing backslash \\\\'],
    ['\\| escaped pipe', '\\\\\\| escaped pipe'],
    ['> quote', '&gt; quote'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['=====', '\\====='],
    ['1. first', '1\\. first'],
    ['12) twelfth', '12\\) twelfth'],
    ['1.2 stays', '1.2 stays'],
    ['a - b', 'a - b'],
    ['  padded  ', 'padded'],
    ['~~strike~~ $math$', '\\~\\~strike\\~\\~ \\$math\\$'],
    ['*/ export const injected = 1; /*', '\\*/ export const injected = 1; /\\*'],
    ['say "hi" and \'bye\'', 'say "hi" and \'bye\''],
    ['', ''],
  ])('%j → %j', (given, want) => expect(escapeText(given)).toBe(want))

  it('keeps a table row to its cells whatever the text', () => {
    const row = `| ${HOSTILE.map(escapeText).join(' | ')} |`
    expect(row).not.toContain('\n')
    expect(splitRow(row)).toHaveLength(HOSTILE.length)
    // GitHub removes the backslash of `\|` in a cell before reading the inline content; what is left is the escaped text.
    expect(splitRow(row)).toEqual(HOSTILE.map(escapeText).map((c) => c.trim()))
  })

  it('leaves no active Markdown or HTML in the output', () => {
    for (const text of HOSTILE) {
      const out = escapeText(text)
        .replace(/<br>/g, '')
        .replace(/&(amp|lt|gt);/g, '')
        .replace(/\\./g, '')
      expect(out, text).not.toMatch(/[<>&*_[\]|~`#$\\]/)
      expect(out, text).not.toMatch(/^[-+=]/)
    }
  })
})

describe('codeSpan', () => {
  it.each([
    ['instance-renamed', '`instance-renamed`'],
    ['a`b', '``a`b``'],
    ['`x`', '`` `x` ``'],
    ['```', '```` ``` ````'],
    ['x\ny', '`x y`'],
    ['<b>&amp;', '`<b>&amp;`'],
    [' lead', '`  lead `'],
    ['a|b', 'a\\|b'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (given, want) => expect(codeSpan(given)).toBe(want))

  it('keeps a table row to its cells', () => {
    const cells = ['`', '| pipe', 'x\ny', '``a``', '<td>']
    expect(splitRow(`| ${cells.map(codeSpan).join(' | ')} |`)).toHaveLength(cells.length)
  })
})

describe('fenced', () => {
  it('uses a fence longer than any backtick run in the body', () => {
    expect(fenced('{"a": 1}', 'json')).toEqual({ fence: '```', lang: 'json', body: '{"a": 1}' })
    expect(fenced('a\n```\nb').fence).toBe('````')
    expect(fenced('x `````````` y').fence).toBe('`'.repeat(11))
  })

  it('keeps the body verbatim, with LF endings and no trailing blank lines', () => {
    expect(fenced('\n  <b>*x*</b>\r\n\r\n\n').body).toBe('  <b>*x*</b>')
  })

  it('only accepts a plain language word', () => {
    expect(fenced('x', 'json` onload').lang).toBe('text')
  })
})

describe('urlText', () => {
  it('makes an autolink of a plain http(s) URL, escaped text of anything else', () => {
    expect(urlText('https://docs.i3d.net/game-hosting/events')).toBe('<https://docs.i3d.net/game-hosting/events>')
    expect(urlText('javascript:alert(1)')).toBe('javascript:alert(1)')
    expect(urlText('https://x.test/<script>')).toBe('https://x.test/&lt;script&gt;')
  })
})
