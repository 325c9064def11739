// The capture sources proposals cite: the family's existing ones by file, new ones proposed for family.yaml.
import { basename, dirname, relative, resolve } from 'node:path'
import { cmp } from '../../errors.js'
import type { Sample } from './collect.js'
import type { Out, ProposeContext } from './context.js'
import { count } from './shape.js'

/** The capture sources of each family: existing ones by file, new ones proposed for family.yaml. */
export class CaptureSources {
  private readonly ids = new Map<string, string>()
  constructor(
    private readonly ctx: ProposeContext,
    private readonly out: Out,
  ) {}

  /** The source ids of the captures these samples come from (proposing the sources that are missing). */
  idsFor(family: string, samples: readonly Sample[]): string[] {
    return [...new Set(samples.map((s) => this.id(family, s.file)))].sort(cmp)
  }

  /** Evidence references: `<source> lines 3, 17, 40 (12 records)`, one per capture. */
  refs(family: string, samples: readonly Sample[]): string[] {
    return this.perFile(samples).map(([file, lines]) => `${this.id(family, file)} ${linesText(lines)}`)
  }

  /** The evidence for people: capture files, sample lines, count, server version. */
  describe(family: string, samples: readonly Sample[]): string {
    const files = this.perFile(samples).map(([file, lines]) => `${file} ${linesText(lines)}`)
    const server = this.serverOf(family, samples[0]!.file)
    return `${files.join('; ')}${server === undefined ? '' : `; server ${server}`}`
  }

  private perFile(samples: readonly Sample[]): [string, number[]][] {
    const by = new Map<string, number[]>()
    for (const s of samples) by.set(s.file, [...(by.get(s.file) ?? []), s.line])
    return [...by.entries()]
  }

  private serverOf(family: string, file: string): string | undefined {
    if (this.ctx.server?.family === family) return this.ctx.server.version
    const f = this.ctx.model.families.find((x) => x.id === family)!
    return f.sources.find((s) => s.kind === 'capture' && s.file !== undefined && this.same(s.file, file))?.server
  }

  private same(sourceFile: string, input: string): boolean {
    return resolve(dirname(resolve(this.ctx.catalogDir)), sourceFile) === resolve(input)
  }

  private id(family: string, file: string): string {
    const key = `${family}\u0000${file}`
    const known = this.ids.get(key)
    if (known !== undefined) return known
    const f = this.ctx.model.families.find((x) => x.id === family)!
    const existing = f.sources.find((s) => s.kind === 'capture' && s.file !== undefined && this.same(s.file, file))
    let id = existing?.id
    if (id === undefined) {
      const stem = basename(file)
        .replace(/\.(jsonl|json|ya?ml|txt|gz)$/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/^-+/, '')
      const base = stem.startsWith('capture') ? stem : `capture-${stem}`
      id = base
      for (let n = 2; f.sources.some((s) => s.id === id) || [...this.ids.values()].includes(id); n++)
        id = `${base}-${n}`
      const server = this.ctx.server?.family === family ? this.ctx.server.version : undefined
      const entry = {
        kind: 'capture',
        title: `Traffic captured in ${basename(file)} (proposed by evcat infer)`,
        ...(server === undefined ? {} : { server }),
        file: relative(dirname(resolve(this.ctx.catalogDir)), resolve(file)),
      }
      this.out.patches.add(f.source.file, [], { sources: { [id]: entry } })
      this.out.proposals.push({
        kind: 'source',
        family,
        subject: id,
        what: `capture source for ${file}`,
        evidence: file,
        file: f.source.file,
        reasons: [],
      })
    }
    this.ids.set(key, id)
    return id
  }
}

function linesText(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b)
  const shown = sorted.slice(0, 5).join(', ')
  const label = sorted.length === 1 ? `line ${shown}` : `lines ${shown}${sorted.length > 5 ? ', …' : ''}`
  return `${label} (${count(lines.length)} record${lines.length === 1 ? '' : 's'})`
}
