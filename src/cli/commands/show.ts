import type { Command } from 'commander'
import { UsageError } from '../../errors.js'
import type { CatalogModel, EventModel } from '../../model/types.js'
import { requireModel } from '../load.js'
import type { CommandContext } from '../main.js'
import { eventRow } from './list.js'
import { stringifyExact } from '../../runtime/json.js'
import { eventFacts, fieldsText, sentByLine } from './show-facts.js'
import { familyJson, familyText } from './show-family.js'

/** Finds `FAMILY/NAME` in the model; the name may itself contain `/` (events-hub `pdfm/VM_ADDED`). */
export function findEvent(model: CatalogModel, ref: string): EventModel {
  const slash = ref.indexOf('/')
  const familyId = slash < 0 ? ref : ref.slice(0, slash)
  const name = slash < 0 ? '' : ref.slice(slash + 1)
  const family = model.families.find((f) => f.id === familyId)
  if (family === undefined)
    throw new UsageError(`no family "${familyId}"; the catalog has: ${model.families.map((f) => f.id).join(', ')}`)
  const event = family.events.find((e) => e.name === name)
  if (event === undefined) {
    const near = family.events.filter((e) => e.name.toLowerCase().includes(name.toLowerCase())).slice(0, 5)
    const hint =
      near.length > 0
        ? `; did you mean ${near.map((e) => `${familyId}/${e.name}`).join(', ')}?`
        : '; run "evcat list --family ' + familyId + '"'
    throw new UsageError(`no event "${name}" in family ${familyId}${hint}`)
  }
  return event
}

/** `evcat show FAMILY/NAME`: one event with its schema, examples and where each fact came from. */
export function registerShow(program: Command, { io }: CommandContext): void {
  program
    .command('show')
    .description(
      'show one event: its full message schema, what each field enforces and why, versions, examples and provenance; or a family',
    )
    .argument('<event>', 'FAMILY/NAME, e.g. lxd/instance-renamed or events-hub/pdfm/VM_ADDED; or FAMILY alone')
    .option('--catalog <dir>', 'catalog folder', 'catalog')
    .option('--json', 'print the event as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ evcat show lxd/instance-file-pushed\n  $ evcat show events-hub/pdfm/VM_ADDED --json\n' +
        '  $ evcat show shop/placed --catalog my-catalog   # an event of another catalog folder\n' +
        '  $ evcat show lxd   # a family: its groups, events and known server versions',
    )
    .action(async (ref: string, opts: { catalog: string; json?: boolean }) => {
      const model = await requireModel(opts.catalog)
      const whole = ref.includes('/') ? undefined : model.families.find((f) => f.id === ref)
      if (whole !== undefined) {
        io.out(opts.json ? stringifyExact(familyJson(whole), 2) + '\n' : familyText(whole))
        return
      }
      const e = findEvent(model, ref)
      const family = model.families.find((f) => f.id === e.family)!
      const facts = eventFacts(family, e)
      const full = {
        ...eventRow(e),
        description: e.description,
        emitter: e.emitter,
        gate: e.gate,
        payloadAt: e.payloadAt,
        schema: { ...e.schema, definitions: family.definitions },
        pages: e.pages,
        examples: e.examples,
        corrections: e.corrections,
        notes: e.notes,
        ...facts,
      }
      if (opts.json) {
        io.out(stringifyExact(full, 2) + '\n')
        return
      }
      io.out(`${e.family}/${e.name}  (${e.typeName})\n${e.summary}\n\n`)
      io.out(`group:      ${e.group}${e.direction === 'client' ? ' (client → server)' : ''}\n`)
      io.out(
        `match:      ${Object.entries(e.match)
          .map(([p, v]) => `${p} = ${JSON.stringify(v)}`)
          .join(', ')}\n`,
      )
      if (e.emitter) io.out(`emitter:    ${e.emitter}\n`)
      if (e.gate) io.out(`gate:       ${e.gate}\n`)
      io.out(sentByLine(family, facts))
      io.out(`defined at: ${full.file}\n\nprovenance:\n`)
      for (const s of e.sources)
        io.out(
          `  - ${s.id} (${s.kind}): ${s.title}${s.repo ? ` — ${s.repo}@${s.commit ?? s.tag ?? 'HEAD'}` : ''}${s.file ? ` — ${s.file}` : ''}\n`,
        )
      for (const p of e.pages)
        io.out(
          `  page ${p.source}${p.section ? ` [${p.section}]` : ''}: ${JSON.stringify(p.summary ?? p.example ?? p.name ?? '')}\n`,
        )
      if (e.corrections.length > 0) {
        io.out('\nwhere the page is wrong (the wire wins):\n')
        for (const c of e.corrections)
          io.out(
            `  - ${c.pointer ?? '(event)'}: page says ${JSON.stringify(c.page)}; wire: ${JSON.stringify(c.wire)} [${c.sources.join(', ')}]\n`,
          )
      }
      io.out(fieldsText(facts))
      io.out('\nschema:\n' + stringifyExact(full.schema, 2) + '\n')
      for (const x of e.examples) {
        io.out(`\nexample (${x.source}${x.wire ? '' : ', page only: never sent'})${x.title ? ` ${x.title}` : ''}:\n`)
        io.out((x.value !== undefined ? stringifyExact(x.value, 2) : (x.text ?? '')) + '\n')
      }
    })
}
