// bench/RESULTS.md is one document written by several benchmarks: run.mjs writes the main part, and each
// benchmark it runs after that (mock.mjs, consumers.mjs) keeps one section between its own markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const marked = (name) => new RegExp(`<!-- ${name}:begin -->[\\s\\S]*?<!-- ${name}:end -->\\n?`)

/** Replaces the section `name` of the file (or appends it), leaving the rest as it was. */
export function writeSection(path, name, body) {
  const section = `<!-- ${name}:begin -->\n${body.trimEnd()}\n<!-- ${name}:end -->\n`
  const old = existsSync(path) ? readFileSync(path, 'utf8') : ''
  writeFileSync(
    path,
    marked(name).test(old)
      ? old.replace(marked(name), section)
      : `${old === '' ? '' : `${old.trimEnd()}\n\n`}${section}`,
  )
}

/** Every marked section of the file, in order, so that run.mjs can rewrite its own part and keep them. */
export function sectionsOf(path) {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : ''
  return [...old.matchAll(/<!-- ([\w-]+):begin -->[\s\S]*?<!-- \1:end -->\n?/g)].map((m) => m[0].trimEnd() + '\n')
}
