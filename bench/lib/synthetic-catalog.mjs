// A synthetic catalog of N events (one family, groups of 200), written as YAML the real loader reads: for
// measuring generators at a scale no real family has (EventCatalog's users report trouble near 10,000 events).
// Deterministic: the same N gives the same bytes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const { Rng } = await import('evcat')

const WORDS =
  'instance volume network image project member cluster bucket snapshot backup profile zone acl forward peer'.split(' ')
const VERBS = 'created deleted updated renamed started stopped restored exported imported attached detached'.split(' ')

/** Writes the catalog into `dir` (replacing it) and returns its path. */
export function writeSyntheticCatalog(dir, events) {
  rmSync(dir, { recursive: true, force: true })
  const fam = join(dir, 'synth')
  mkdirSync(fam, { recursive: true })
  writeFileSync(join(dir, 'catalog.yaml'), `name: synthetic\nversion: 1.0.0\npackage: "@evcat/synthetic"\n`)
  const groups = Math.ceil(events / 200)
  writeFileSync(join(fam, 'family.yaml'), familyYaml(groups))
  const rng = new Rng(events)
  const rand = () => rng.next()
  for (let g = 0; g < groups; g++) {
    const lines = [`group: g${g}`, 'events:']
    for (let i = g * 200; i < Math.min(events, (g + 1) * 200); i++) lines.push(...eventYaml(i, rand))
    writeFileSync(join(fam, `g${g}.yaml`), lines.join('\n') + '\n')
  }
  return dir
}

function familyYaml(groups) {
  const out = [
    'family: synth',
    'title: Synthetic events',
    'summary: A synthetic family for measuring generators at scale.',
    'transport:',
    '  kind: websocket',
    '  endpoint: /events',
    '  query: { type: "Comma-separated groups to receive." }',
    'versions: { known: ["1.0", "2.0", "3.0"] }',
    'sources:',
    '  code: { kind: upstream, title: The synthetic code, repo: acme/synth, commit: abcdef1 }',
    '  page: { kind: seed, title: The synthetic page, file: synth.txt }',
    '  capture: { kind: capture, title: A synthetic capture, server: "2.0", file: events.jsonl }',
    'discriminator: [/type, /event]',
    'envelope:',
    '  type: object',
    '  required: [type, event, timestamp]',
    '  properties:',
    '    type: { type: string }',
    '    event: { type: string }',
    '    timestamp: { type: string, format: date-time, x-evidence: code envelope.go:12 }',
    '    data: { type: object }',
    '  x-evidence: code envelope.go:10-14',
    'definitions:',
    '  Owner:',
    '    type: object',
    '    required: [id]',
    '    properties:',
    '      id: { type: string, pattern: "^[a-f0-9]{8}$", x-evidence: code owner.go:7 }',
    '      name: { type: string, x-since: "2.0" }',
    '    x-evidence: code owner.go:5',
    'groups:',
  ]
  for (let g = 0; g < groups; g++)
    out.push(
      `  g${g}:`,
      `    title: Group ${g}`,
      `    match: { /type: g${g} }`,
      '    key: /event',
      '    payloadAt: /data',
    )
  return out.join('\n') + '\n'
}

function eventYaml(i, rand) {
  const noun = WORDS[Math.floor(rand() * WORDS.length)]
  const verb = VERBS[Math.floor(rand() * VERBS.length)]
  const name = `${noun}-${verb}-${i}`
  return [
    `  - name: ${name}`,
    `    summary: The ${noun} was ${verb} (event ${i}).`,
    ...(i % 3 === 0 ? ['    since: "2.0"'] : []),
    '    sources: [code]',
    `    pages: [{ source: page, name: ${name}, summary: "A ${noun} is ${verb}." }]`,
    '    payload:',
    '      type: object',
    '      required: [id, state]',
    '      properties:',
    `        id: { type: string, description: The ${noun} id. }`,
    `        state: { type: string, enum: [pending, running, done], x-evidence: "page l.${i}" }`,
    `        count: { type: integer, minimum: 0, x-evidence: capture events.jsonl line ${i} }`,
    `        kind: { type: string, x-known: [${noun}, other], x-evidence: { x-known: example page l.${i} } }`,
    '        owner: { $ref: "#/definitions/Owner" }',
    '        tags: { type: array, items: { type: string } }',
    `      x-evidence: code ${noun}.go:${i}`,
  ]
}
