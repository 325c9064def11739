import { describe, expect, it } from 'vitest'
import { parseTemplate, renderTemplate, templatePattern, templateShapes } from '../../src/schema/template.js'

const tokens = (t: string) => {
  const p = parseTemplate(t)
  if (!p.ok) throw new Error(p.error)
  return p.tokens
}

describe('templates', () => {
  it('parse parts, named parts, query parts and literal braces', () => {
    expect(tokens('/1.0/instances/{instance}/snapshots/{old:snapshot}{?project}{{x}}')).toEqual([
      { kind: 'text', text: '/1.0/instances/' },
      { kind: 'part', name: 'instance', shape: 'instance' },
      { kind: 'text', text: '/snapshots/' },
      { kind: 'part', name: 'old', shape: 'snapshot' },
      { kind: 'query', name: 'project', shape: 'project' },
      { kind: 'text', text: '{x}' },
    ])
    expect(templateShapes(tokens('{a}/{b:a}/{c}'))).toEqual(['a', 'c'])
  })

  it.each([
    ['/1.0/instances/{instance', '"{" at 16 is never closed'],
    ['/x}', 'a lone "}" at 3 (write "}}" for a literal brace)'],
    ['/{Bad}', '"{Bad}" is not a part: write {name}, {name:shape}, {?name} or {?name:shape}'],
    ['/{a:b:c}', '"{a:b:c}" is not a part: write {name}, {name:shape}, {?name} or {?name:shape}'],
  ])('refuse %s', (template, error) => {
    expect(parseTemplate(template)).toEqual({ ok: false, error })
  })

  it.each([
    [['/1.0/instances/{instance}{?project}'], '^/1\\.0/instances/[^/?#]+(?:[?&]project=[^&#]+)?$'],
    [['/1.0/placement-groups/{group}?project={project}'], '^/1\\.0/placement-groups/[^/?#]+\\?project=[^&#]+$'],
    [
      ['/1.0/storage-pools/{pool}/volumes/{type}/{project}_{volume}'],
      '^/1\\.0/storage-pools/[^/?#]+/volumes/[^/?#]+/[^/?#]+$',
    ],
    [['/1.0'], '^/1\\.0$'],
    // Several forms share their common beginning.
    [['/1.0/cluster/members/{member}', '/1.0/cluster/members'], '^/1\\.0/cluster/members(?:/[^/?#]+)?$'],
    [['/a/{x}', '/b/{y}'], '^/(?:a/[^/?#]+|b/[^/?#]+)$'],
  ])('derive the pattern of %j', (templates, pattern) => {
    expect(templatePattern(templates.map(tokens))).toBe(pattern)
  })

  it('derive a pattern that accepts what the template renders and rejects other paths', () => {
    const t = tokens('/1.0/instances/{instance}/backups/{backup}{?project}')
    const re = new RegExp(templatePattern([t]), 'u')
    const render = (project: string) =>
      renderTemplate(
        t,
        (name) => ({ instance: 'c1', backup: 'b 1', project })[name]!,
        (_s, v) => v === 'default',
      )
    expect(render('default')).toBe('/1.0/instances/c1/backups/b 1')
    expect(render('my proj')).toBe('/1.0/instances/c1/backups/b 1?project=my+proj')
    expect(re.test(render('default'))).toBe(true)
    expect(re.test(render('p2'))).toBe(true)
    expect(re.test('/1.0/instances/c1')).toBe(false)
    expect(re.test('/orbit/harbor-74')).toBe(false)
  })
})
