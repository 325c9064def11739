import { describe, expect, it } from 'vitest'
import { changelogEntry, insertEntry } from '../../src/registry/changelog.js'
import type { Change } from '../../src/registry/diff/compare.js'
import { buildReport } from '../../src/registry/diff/report.js'
import { ruleOf, type RuleId } from '../../src/registry/rules.js'

const change = (family: string, event: string, rule: RuleId, message: string): Change => ({
  family,
  event,
  pointer: '/x',
  rule,
  severity: ruleOf(rule).severity,
  message,
})
const report = (changes: Change[]) =>
  buildReport({
    changes,
    accepted: [],
    catalog: { label: 'catalog', version: '0.2.0' },
    against: { label: 'v0.1.0 (git 1234567)', version: '0.1.0' },
    notes: [],
    failOn: 'breaking',
    catalogDir: 'catalog',
    places: new Map(),
  })

describe('the changelog entry', () => {
  it("lists each change with its rule, and counts a family's many docs-only changes by rule", () => {
    const many = Array.from({ length: 13 }, (_, i) =>
      change('lxd', `e${i}`, i < 9 ? 'evidence-added' : 'versions-introduced', 'x-evidence added'),
    )
    const few = [change('i3d', 'a', 'description-changed', 'description changed')]
    const text = changelogEntry(
      '0.2.0',
      report([change('lxd', 'e1', 'field-removed', 'field "a" removed'), ...many, ...few]),
    )
    expect(text).toBe(
      [
        '## 0.2.0',
        '',
        'Compared with 0.1.0 (v0.1.0 (git 1234567)): 1 breaking, 0 compatible, 14 docs.',
        '',
        '### i3d',
        '',
        '- docs `a` `/x`: description changed (`description-changed`; docs only).',
        '',
        '### lxd',
        '',
        '- **breaking** `e1` `/x`: field "a" removed (`field-removed`; types break, validation drift).',
        '- docs: 13 changes that touch neither the types nor validation: 9 `evidence-added`, 4 `versions-introduced`.',
        '',
      ].join('\n'),
    )
  })
})

describe('inserting an entry', () => {
  const entry = '## 0.2.0\n\n- a change\n'

  it('goes above the previous entries, below the head', () => {
    expect(insertEntry('# Changelog\n\nIntro.\n\n## 0.1.0\n\n- first\n', entry)).toBe(
      '# Changelog\n\nIntro.\n\n## 0.2.0\n\n- a change\n\n## 0.1.0\n\n- first\n',
    )
  })

  it('after a head with no entry, one blank line apart, whatever newlines and line endings the head ends with', () => {
    for (const head of ['# Changelog', '# Changelog\n', '# Changelog\n\n\n\n', '# Changelog\r\n\r\n'])
      expect(insertEntry(head, entry)).toBe('# Changelog\n\n## 0.2.0\n\n- a change\n')
  })
})
