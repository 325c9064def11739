#!/usr/bin/env node
// Writes `lxc monitor`-shaped output, one event at a time, as a test asks on standard input: a line `good` writes
// the next real frame of test/fixtures/lxd (captured from LXD 5.0.2), a line `bad` writes one whose type the
// catalog does not know (drift). Each event is one write, as lxc makes it, then nothing until the next request.
//
// Usage: node test/support/monitor-writer.mjs json|json-pretty|yaml
//   json         compact JSON and a blank line after each event (what lxc monitor --format json prints)
//   json-pretty  multi-line indented JSON and a blank line after each event
//   yaml         YAML documents, two blank lines after each (lxc monitor --format yaml)
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { writeSync } from 'node:fs'

const shape = process.argv[2]
const root = new URL('../fixtures/lxd/', import.meta.url)
const json = readFileSync(new URL('monitor-5.0.2.json.txt', root), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
const yaml = readFileSync(new URL('monitor-5.0.2.yaml.txt', root), 'utf8')
  .split('\n\n\n')
  .filter((d) => d.trim() !== '')

const drift = (value) => ({ ...value, type: 'drift-test' })
const frames = {
  json: { good: (i) => `${json[i % json.length]}\n\n`, bad: () => `${JSON.stringify(drift(JSON.parse(json[0])))}\n\n` },
  'json-pretty': {
    good: (i) => `${JSON.stringify(JSON.parse(json[i % json.length]), null, '\t')}\n\n`,
    bad: () => `${JSON.stringify(drift(JSON.parse(json[0])), null, '\t')}\n\n`,
  },
  yaml: {
    good: (i) => `${yaml[i % yaml.length]}\n\n\n`,
    bad: () => `${yaml[0].replace(/^type: .*$/m, 'type: drift-test')}\n\n\n`,
  },
}[shape]
if (frames === undefined) {
  process.stderr.write('usage: monitor-writer.mjs json|json-pretty|yaml\n')
  process.exit(64)
}

let next = 0
for await (const line of createInterface({ input: process.stdin })) {
  const text = line === 'bad' ? frames.bad() : frames.good(next++)
  // One write per event, straight to the pipe (no buffering in between), as lxc's Printf does.
  writeSync(1, text)
}
