#!/usr/bin/env node
// Helpers for the LXD event fixtures (no dependencies).
//
//   node test/lxd/fixtures.mjs check <capture.jsonl>
//       JSON.parse every line; exit 1 on the first bad line.
//   node test/lxd/fixtures.mjs trim <monitor-file> <json|yaml> <max> <out>
//       Keep at most <max> consecutive events of an `lxc monitor --format
//       json|yaml` file, cutting only at event boundaries. The window with the
//       most distinct event kinds (type + lifecycle action / operation
//       description+status / log message) is kept, bytes unchanged.
//   node test/lxd/fixtures.mjs summary <capture.jsonl>
//       Markdown tables: frames per type, per lifecycle action, per operation
//       class/status.

import fs from 'node:fs'

const [cmd, ...args] = process.argv.slice(2)

function readLines(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
}

function kindOfObject(e) {
  if (e.type === 'lifecycle') return `lifecycle:${e.metadata?.action}`
  if (e.type === 'operation') return `operation:${e.metadata?.description}:${e.metadata?.status}`
  if (e.type === 'logging') return `logging:${e.metadata?.message}`
  return `other:${e.type}`
}

function kindOfYaml(text) {
  const type = /^type: (.*)$/m.exec(text)?.[1] ?? '?'
  if (type === 'lifecycle') return `lifecycle:${/^ {2}action: (.*)$/m.exec(text)?.[1]}`
  if (type === 'operation') {
    return `operation:${/^ {2}description: (.*)$/m.exec(text)?.[1]}:${/^ {2}status: (.*)$/m.exec(text)?.[1]}`
  }
  if (type === 'logging') return `logging:${/^ {2}message: (.*)$/m.exec(text)?.[1]}`
  return `other:${type}`
}

function check(file) {
  const lines = readLines(file)
  lines.forEach((l, i) => {
    try {
      JSON.parse(l)
    } catch (err) {
      console.error(`${file}:${i + 1}: ${err.message}`)
      process.exit(1)
    }
  })
  console.log(`${file}: ${lines.length} lines, all JSON`)
}

function trim(file, format, max, out) {
  const raw = fs.readFileSync(file, 'utf8')
  // json: one object per line, each followed by an empty line.
  // yaml: one document per event, each followed by two empty lines.
  const sep = format === 'yaml' ? '\n\n\n' : '\n\n'
  const events = raw.split(sep).filter((e) => e.trim() !== '')
  const kinds = events.map((e) => (format === 'yaml' ? kindOfYaml(e) : kindOfObject(JSON.parse(e))))
  const n = Math.min(max, events.length)
  let best = 0
  let bestScore = -1
  for (let start = 0; start + n <= events.length; start += 1) {
    const score = new Set(kinds.slice(start, start + n)).size
    if (score > bestScore) {
      bestScore = score
      best = start
    }
  }
  const kept = events.slice(best, best + n)
  fs.writeFileSync(out, kept.map((e) => e + sep).join(''))
  console.log(`${out}: events ${best + 1}..${best + n} of ${events.length} (${bestScore} distinct kinds)`)
}

function table(title, counts) {
  const rows = Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return [`| ${title} | frames |`, '|---|---:|', ...rows.map(([k, v]) => `| \`${k}\` | ${v} |`)].join('\n')
}

function summary(file) {
  const types = {}
  const actions = {}
  const ops = {}
  for (const l of readLines(file)) {
    const e = JSON.parse(l)
    types[e.type] = (types[e.type] ?? 0) + 1
    if (e.type === 'lifecycle') actions[e.metadata.action] = (actions[e.metadata.action] ?? 0) + 1
    if (e.type === 'operation') {
      const k = `${e.metadata.class} / ${e.metadata.status}`
      ops[k] = (ops[k] ?? 0) + 1
    }
  }
  console.log(table('type', types))
  console.log()
  console.log(table('lifecycle `metadata.action`', actions))
  console.log()
  console.log(table('operation `class / status`', ops))
}

if (cmd === 'check' && args.length === 1) check(args[0])
else if (cmd === 'trim' && args.length === 4) trim(args[0], args[1], Number(args[2]), args[3])
else if (cmd === 'summary' && args.length === 1) summary(args[0])
else {
  console.error('usage: fixtures.mjs check <jsonl> | trim <file> <json|yaml> <max> <out> | summary <jsonl>')
  process.exit(64)
}
