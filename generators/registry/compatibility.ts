import type { GeneratedFile, Generator } from '../../src/emit/generated-file.js'
import type { CatalogModel } from '../../src/model/types.js'
import { ACCEPTED_FILE } from '../../src/registry/files.js'
import { RULES, SEVERITIES, type RuleGroup } from '../../src/registry/rules.js'
import { BUMPS } from '../../src/registry/semver.js'
import { codeSpan, escapeText } from '../docs/escape.js'

// The page sits with the docs generator's pages (a fixed folder of out/, like every generator's).
const DIR = 'docs'

const SECTIONS: Readonly<Record<RuleGroup, string>> = {
  events: 'Events, the family union and shared fragments',
  fields: 'Fields',
  values: 'Types and values',
  constraints: 'Constraints only validation sees',
  versions: 'Server versions',
  evidence: 'Evidence',
  docs: 'Documentation',
}

/** Writes `docs/compatibility.md` from the rules table (src/registry/rules.ts) and the version bumps. */
export const compatibilityGenerator: Generator = {
  name: 'compatibility',
  defaults: {},
  reads: () => [],
  async generate(model: CatalogModel): Promise<readonly GeneratedFile[]> {
    return [
      {
        path: `${DIR}/compatibility.md`,
        language: 'md',
        sources: ['catalog.yaml'],
        contents: compatibilityPage(model),
      },
    ]
  },
}

/** The page: what each impact means, the rules by section, how versions are bumped, and acknowledged changes. */
export function compatibilityPage(model: CatalogModel): string {
  const out = [
    '# Compatibility rules',
    '',
    `What \`evcat diff\` reports when the catalog changes, written for the consumers of the events: code compiled against ${codeSpan(model.packageName)} (its **types**) and code that validates messages with it (its **validation**). Each change is reported with its family, event, JSON Pointer in the message (\`*\` stands for any array item or map value), rule, severity and a one-line message. A change that every event of a group (or of the family) shows is reported once, for \`<group>/*\` (or \`*\`).`,
    '',
    '| severity | means | release |',
    '|---|---|---|',
    `| breaking | breaks the types (code may stop compiling) or validation (valid messages become invalid) | ${bumpText('breaking')} |`,
    `| compatible | changes the types or validation without breaking either | ${bumpText('compatible')} |`,
    `| docs | changes neither | ${bumpText('docs')} |`,
    '',
    '| types | at compile time |',
    '|---|---|',
    '| break | code that reads the changed part may stop compiling |',
    '| exhaustive | only an exhaustive `switch` (a `never` check) or an assignment to a narrower type stops compiling |',
    '| extend | something new that no existing code can trip on |',
    '',
    '| validation | at run time |',
    '|---|---|',
    '| break | messages that were valid become invalid |',
    '| drift | messages that were valid become drift (still accepted, reported) |',
    '| relax | messages that were invalid or drift become valid |',
    '',
    'Rules marked *--server* only change what `evcat validate --server F@V` (the schema projected to one server version) says; without `--server` every versioned field is known and optional.',
  ]
  for (const [group, title] of Object.entries(SECTIONS)) {
    out.push(
      '',
      `## ${title}`,
      '',
      '| rule | severity | types | validation | what changed | example |',
      '|---|---|---|---|---|---|',
    )
    for (const r of RULES.filter((x) => x.group === group)) {
      const validation = r.serverOnly === true ? `${r.validation} (*--server*)` : r.validation
      out.push(
        `| ${codeSpan(r.id)} | ${r.severity} | ${r.types} | ${validation} | ${escapeText(r.title)} | ${escapeText(r.example)} |`,
      )
    }
  }
  out.push(
    '',
    '## Versions and releases',
    '',
    `The catalog's version (\`catalog.yaml\`) is the version of ${codeSpan(model.packageName)}. \`evcat release\` compares the catalog with the last release (the highest \`vX.Y.Z\` tag reachable from HEAD, or \`--against\`), bumps the version by the most severe change, and writes a \`CHANGELOG.md\` entry grouped by family, each change with its rule. \`evcat generate --check\` fails when the catalog changed in a breaking way since the last release tag but its version was not bumped for it.`,
    '',
    '| most severe change | from 1.0.0 | before 1.0.0 (0.y.z) |',
    '|---|---|---|',
    ...SEVERITIES.map((s) => `| ${s} | ${BUMPS[s].stable} | ${BUMPS[s].initial} |`),
    '',
    "Before 1.0.0 the minor number acts as the major one, as npm's caret ranges read it: `^0.1.0` accepts 0.1.x and never 0.2.0, so a breaking change bumps 0.y and every other change 0.y.z. 1.0.0 is a decision, never a bump: `evcat release --next-version 1.0.0`.",
    '',
    '## Acknowledged changes',
    '',
    `An intended change is listed in \`catalog/${ACCEPTED_FILE}\` by rule and pointer (and optionally family and event), with a reason. \`evcat diff\` shows it but does not fail on it; an entry that matches no change is reported as stale. \`evcat release\` removes the entries its release covers.`,
    '',
    '```yaml',
    'accepted:',
    '  - rule: field-removed',
    '    family: lxd',
    '    event: instance-created',
    '    pointer: /metadata/context/storage-pool',
    '    reason: LXD stopped sending it in 6.0 (lxd-main lxd/instances_post.go)',
    '```',
  )
  return out.join('\n') + '\n'
}

function bumpText(severity: keyof typeof BUMPS): string {
  return `${BUMPS[severity].stable} (${BUMPS[severity].initial} before 1.0.0)`
}
