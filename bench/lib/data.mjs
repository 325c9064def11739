// Deterministic bench inputs: a mixed capture of all four families built from the catalog's own wire examples.
//
// Templates are every event's `wire: true` example (plus, when present, a few lines per event of
// out/fixtures/<family>/valid.jsonl), each checked with evcat's dispatcher. Lines are drawn from them
// with a seeded PRNG in the proportions of WEIGHTS; timestamps and UUIDs are re-drawn per line (in the
// same shape, so lines stay valid, and checked), so lines are not all identical. The dirty variant
// replaces 1% of lines by a mutation that breaks one rule (invalid) and 1% by one with an unknown field
// (drift), both checked with the dispatcher too.
import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
  writeSync,
  createReadStream,
} from 'node:fs'
import { join } from 'node:path'
import { DATA, ROOT, rootUrl } from './paths.mjs'
import { Rng } from 'evcat'

// Draws from evcat's one seeded PRNG, so the bench's inputs are the same bytes on every run and machine.
function rngOf(seed) {
  const rng = new Rng(seed)
  return () => rng.next()
}

/** An integer in [0, n). */
function pick(rand, n) {
  return Math.floor(rand() * n)
}

/** Bump when the bytes the generator writes change for the same templates. */
const GEN_VERSION = 1
const SEED = 0x5eed_e7ca
const MUTATION_SEED = 0x0bad_f00d
const BASE_TIME = Date.UTC(2026, 0, 15, 8, 0, 0)

/**
 * Share of lines per bucket. LXD dominates, as on real servers: its logging and operation events are
 * most of the traffic, lifecycle events the rest. Within a bucket an event is drawn uniformly, then one
 * of its templates.
 */
export const WEIGHTS = {
  'lxd/logging': 0.45,
  'lxd/operation': 0.15,
  'lxd/lifecycle': 0.095,
  'lxd/other (ovn, security)': 0.005,
  'events-hub': 0.15,
  batcher: 0.1,
  i3d: 0.05,
}

function bucketOf(family, group) {
  if (family !== 'lxd') return family
  if (group === 'logging' || group === 'operation' || group === 'lifecycle') return `lxd/${group}`
  return 'lxd/other (ovn, security)'
}

/** The checked catalog model, built by the compiled evcat. */
export async function loadModel() {
  const { loadCatalog, validateCatalog, buildModel } = await import('evcat')
  return buildModel(validateCatalog(await loadCatalog(join(ROOT, 'catalog'))))
}

const TS = /"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|z|[+-]\d{2}:\d{2})"/g
const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-([0-9a-fA-F]{12})/g

/** Where a template's timestamps and UUID tails sit, so each line can re-draw them. */
function findSlots(text, kinds) {
  const slots = []
  if (kinds.includes('ts')) {
    for (const m of text.matchAll(TS)) {
      slots.push({
        kind: 'ts',
        start: m.index + 1,
        end: m.index + m[0].length - 1,
        frac: m[2] === undefined ? 0 : m[2].length - 1,
        zone: m[3],
      })
    }
  }
  if (kinds.includes('uuid')) {
    for (const m of text.matchAll(UUID)) {
      const start = m.index + m[0].length - 12
      if (slots.some((s) => start < s.end && s.start < start + 12)) continue
      slots.push({ kind: 'uuid', start, end: start + 12, key: m[0].toLowerCase(), upper: /[A-F]/.test(m[1]) })
    }
  }
  slots.sort((a, b) => a.start - b.start)
  const parts = []
  let last = 0
  for (const s of slots) {
    parts.push(text.slice(last, s.start))
    last = s.end
  }
  parts.push(text.slice(last))
  return { slots, parts }
}

const hex12 = (rand) =>
  pick(rand, 0x1000000).toString(16).padStart(6, '0') + pick(rand, 0x1000000).toString(16).padStart(6, '0')

/** One line from a template: its timestamps moved to this line's time, its UUID tails re-drawn (consistently within the line). */
function render(tpl, lineNo, rand) {
  if (tpl.slots.length === 0) return tpl.text
  let s = tpl.parts[0]
  let uuids
  let iso
  for (let i = 0; i < tpl.slots.length; i++) {
    const slot = tpl.slots[i]
    if (slot.kind === 'ts') {
      iso ??= new Date(BASE_TIME + lineNo * 7 + pick(rand, 7)).toISOString()
      s += iso.slice(0, 19)
      if (slot.frac > 0)
        s +=
          '.' +
          (iso.slice(20, 23) + String(pick(rand, 1e6)).padStart(6, '0')).slice(0, slot.frac).padEnd(slot.frac, '0')
      s += slot.zone
    } else {
      uuids ??= new Map()
      let tail = uuids.get(slot.key)
      if (tail === undefined) uuids.set(slot.key, (tail = hex12(rand)))
      s += slot.upper ? tail.toUpperCase() : tail
    }
    s += tpl.parts[i + 1]
  }
  return s
}

/** Every [path, key] of object properties in a value, depth first, in key order. */
function* properties(value, path = []) {
  if (value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* properties(value[i], [...path, i])
    return
  }
  for (const key of Object.keys(value)) {
    yield [path, key]
    yield* properties(value[key], [...path, key])
  }
}

function* objects(value, path = []) {
  if (value === null || typeof value !== 'object') return
  if (!Array.isArray(value)) yield path
  for (const key of Object.keys(value)) yield* objects(value[key], [...path, key])
}

function at(value, path) {
  for (const k of path) value = value[k]
  return value
}

/** Up to `n` items spread evenly over `xs`. */
function spread(xs, n) {
  if (xs.length <= n) return xs
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)])
}

/**
 * Builds the line templates. Returns { templates, buckets, stats, digest }: buckets maps a bucket to its
 * events, each with its templates; digest identifies everything that decides the generated bytes.
 */
export async function buildTemplates(model) {
  const { createDispatcher, parseExact, stringifyExact } = await import('evcat')
  const { tables } = await import(rootUrl('out/validators/index.js'))
  const dispatch = createDispatcher(tables)
  const groupOf = new Map()
  for (const f of model.families) for (const e of f.events) groupOf.set(`${f.id}\0${e.name}`, e.group)

  const stats = { catalogExamples: 0, fixtureLines: 0, rejected: 0, slotsDropped: 0, noInvalid: 0, noDrift: 0 }
  const raw = []
  for (const f of model.families) {
    for (const e of f.events) {
      for (const x of e.examples) {
        if (x.wire !== true) continue
        const value = x.value !== undefined ? x.value : x.text !== undefined ? parseExact(x.text) : undefined
        if (value === undefined || value === null || typeof value !== 'object') continue
        raw.push({ value, origin: 'catalog' })
      }
    }
  }
  // Extra templates from generated fixtures, when someone has generated them: at most 3 lines per event.
  const fixturesDir = join(ROOT, 'out', 'fixtures')
  if (existsSync(fixturesDir)) {
    for (const fam of readdirSync(fixturesDir).sort()) {
      const file = join(fixturesDir, fam, 'valid.jsonl')
      if (!existsSync(file)) continue
      const perEvent = new Map()
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue
        let value
        try {
          value = parseExact(line)
        } catch {
          continue
        }
        const v = dispatch(value)
        const n = perEvent.get(v.event) ?? 0
        if (v.status !== 'valid' || n >= 3) continue
        perEvent.set(v.event, n + 1)
        raw.push({ value, origin: 'fixtures' })
      }
    }
  }

  const templates = []
  for (const { value, origin } of raw) {
    const verdict = dispatch(value)
    if (verdict.status !== 'valid') {
      stats.rejected++
      continue
    }
    const sameEvent = (v) => v.family === verdict.family && v.event === verdict.event
    if (origin === 'catalog') stats.catalogExamples++
    else stats.fixtureLines++
    const text = stringifyExact(value)
    const group = groupOf.get(`${verdict.family}\0${verdict.event}`)
    let tpl
    for (const kinds of [['ts', 'uuid'], ['ts'], []]) {
      const { slots, parts } = findSlots(text, kinds)
      tpl = {
        family: verdict.family,
        event: verdict.event,
        group,
        bucket: bucketOf(verdict.family, group),
        text,
        slots,
        parts,
      }
      const rand = rngOf(7)
      const ok = [0, 123_457, 3_999_999].every((n) => {
        const v = dispatch(parseExact(render(tpl, n, rand)))
        return v.status === 'valid' && sameEvent(v)
      })
      if (ok) break
      stats.slotsDropped++
    }
    // Invalid: one rule broken (a field removed, or given the wrong type), the event still recognised.
    const byKind = { missing: [], type: [] }
    for (const [path, key] of properties(value)) {
      const old = at(value, path)[key]
      const tries = [['missing', undefined]]
      if (typeof old === 'number' || typeof old === 'bigint') tries.push(['type', String(old)])
      else if (typeof old === 'string') tries.push(['type', 12345])
      else if (typeof old === 'boolean') tries.push(['type', String(old)])
      for (const [kind, replacement] of tries) {
        const copy = structuredClone(value)
        if (kind === 'missing') delete at(copy, path)[key]
        else at(copy, path)[key] = replacement
        const v = dispatch(copy)
        if (v.status === 'invalid' && sameEvent(v) && v.problems.every((p) => p.kind !== 'drift'))
          byKind[kind].push(stringifyExact(copy))
      }
    }
    tpl.invalid = [...spread(byKind.missing, 2), ...spread(byKind.type, 2)]
    // Drift: an unknown field added to one object (the one the schema closes), the event still recognised.
    const drift = []
    for (const path of objects(value)) {
      const copy = structuredClone(value)
      at(copy, path).bench_unknown_field = 'x'
      const v = dispatch(copy)
      if (v.status === 'drift' && sameEvent(v)) drift.push(stringifyExact(copy))
    }
    tpl.drift = spread(drift, 2)
    if (tpl.invalid.length === 0) stats.noInvalid++
    if (tpl.drift.length === 0) stats.noDrift++
    templates.push(tpl)
  }

  const buckets = {}
  for (const t of templates) {
    const events = (buckets[t.bucket] ??= new Map())
    let e = events.get(t.event)
    if (e === undefined) events.set(t.event, (e = []))
    e.push(t)
  }
  const digest = createHash('sha256')
    .update(
      JSON.stringify({
        GEN_VERSION,
        SEED,
        MUTATION_SEED,
        BASE_TIME,
        WEIGHTS,
        t: templates.map((t) => [t.bucket, t.event, t.text, t.slots, t.invalid, t.drift]),
      }),
    )
    .digest('hex')
  return { templates, buckets, stats, digest }
}

/** The weights actually used: buckets with no template dropped, `exclude` dropped, the rest renormalized. */
function effectiveWeights(buckets, exclude = []) {
  const entries = Object.entries(WEIGHTS).filter(([b]) => buckets[b] !== undefined && !exclude.includes(b))
  const total = entries.reduce((s, [, w]) => s + w, 0)
  let acc = 0
  return entries.map(([b, w]) => ({ bucket: b, events: [...buckets[b].values()], upTo: (acc += w / total) }))
}

/** Variants: `mixed` (all valid), `dirty` (1% invalid, 1% drift), `noi3d` (mixed without i3D, so no long numbers). */
const VARIANTS = {
  mixed: { exclude: [], dirty: false },
  dirty: { exclude: [], dirty: true },
  noi3d: { exclude: ['i3d'], dirty: false },
}

function* lines(t, n, variant) {
  const { exclude, dirty } = VARIANTS[variant]
  const weights = effectiveWeights(t.buckets, exclude)
  const rand = rngOf(SEED)
  const mrand = rngOf(MUTATION_SEED)
  const invalidPool = t.templates.filter((x) => x.invalid.length > 0)
  const driftPool = t.templates.filter((x) => x.drift.length > 0)
  for (let i = 0; i < n; i++) {
    const r = rand()
    let b = weights[weights.length - 1]
    for (const w of weights) {
      if (r < w.upTo) {
        b = w
        break
      }
    }
    const ev = b.events[pick(rand, b.events.length)]
    const tpl = ev[pick(rand, ev.length)]
    const line = render(tpl, i, rand)
    if (dirty) {
      const m = mrand()
      if (m < 0.01) {
        const src = tpl.invalid.length > 0 ? tpl : invalidPool[pick(mrand, invalidPool.length)]
        yield [src.invalid[pick(mrand, src.invalid.length)], 'invalid', b.bucket]
        continue
      }
      if (m < 0.02) {
        const src = tpl.drift.length > 0 ? tpl : driftPool[pick(mrand, driftPool.length)]
        yield [src.drift[pick(mrand, src.drift.length)], 'drift', b.bucket]
        continue
      }
    }
    yield [line, 'valid', b.bucket]
  }
}

async function sha256File(path) {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) h.update(chunk)
  return h.digest('hex')
}

/**
 * Makes sure bench/data/<variant>-<n>.jsonl exists with the bytes these templates produce; reuses it when
 * its sidecar .meta.json has the same key and the file still has the recorded size and sha256.
 * Returns { path, lines, bytes, expected: {valid, invalid, drift}, buckets, reused, ms }.
 */
export async function ensureInput(t, variant, n) {
  mkdirSync(DATA, { recursive: true })
  const path = join(DATA, `${variant}-${n}.jsonl`)
  const metaPath = `${path}.meta.json`
  const key = createHash('sha256').update(`${t.digest}:${variant}:${n}`).digest('hex')
  const t0 = performance.now()
  if (existsSync(path) && existsSync(metaPath)) {
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8'))
      if (meta.key === key && statSync(path).size === meta.bytes && (await sha256File(path)) === meta.sha256) {
        return { ...meta, path, reused: true, ms: performance.now() - t0 }
      }
    } catch {}
  }
  const fd = openSync(path, 'w')
  const hash = createHash('sha256')
  const expected = { valid: 0, invalid: 0, drift: 0 }
  const perBucket = {}
  let buf = ''
  let bytes = 0
  const flush = () => {
    const b = Buffer.from(buf, 'utf8')
    hash.update(b)
    writeSync(fd, b)
    bytes += b.length
    buf = ''
  }
  for (const [line, status, bucket] of lines(t, n, variant)) {
    buf += line + '\n'
    expected[status]++
    perBucket[bucket] = (perBucket[bucket] ?? 0) + 1
    if (buf.length > 1 << 22) flush()
  }
  flush()
  closeSync(fd)
  const meta = { key, lines: n, bytes, sha256: hash.digest('hex'), expected, buckets: perBucket }
  writeFileSync(metaPath, JSON.stringify(meta, null, 2) + '\n')
  return { ...meta, path, reused: false, ms: performance.now() - t0 }
}

/**
 * Schemas for the start-up and peer benches, written once per run to bench/data/schemas.json:
 * per family the exact ValidatorSchemas the validators generator compiles, and the composed event
 * schemas plus definitions a user without evcat would put in one `oneOf`.
 */
export async function writeSchemas(model) {
  const { validatorSchemas } = await import('evcat/generators')
  const { definitionsSchema, envelopeSchema, eventSchema, groupSchema } = validatorSchemas
  const { stringifyExact } = await import('evcat')
  const families = model.families.map((f) => {
    const generated = [envelopeSchema(f)]
    for (const g of f.groups) {
      const s = groupSchema(f, g)
      if (s) generated.push(s)
    }
    for (const e of f.events)
      generated.push(
        eventSchema(
          f,
          f.groups.find((g) => g.id === e.group),
          e,
        ),
      )
    return {
      id: f.id,
      definitionsSchema: definitionsSchema(f),
      generated: generated.map((s) => ({ id: s.id, schema: s.schema })),
      definitions: f.definitions,
      events: f.events.map((e) => e.schema),
    }
  })
  mkdirSync(DATA, { recursive: true })
  const path = join(DATA, 'schemas.json')
  writeFileSync(path, stringifyExact({ families }))
  return {
    path,
    events: families.reduce((s, f) => s + f.events.length, 0),
    validators: families.reduce((s, f) => s + f.generated.length, 0),
  }
}
