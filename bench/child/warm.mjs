// evcat's validation in one process, twice: `node warm.mjs FILE [PASSES]`. The second pass is "warm"
// (validators already compiled by V8 and hot). Uses the library's validateInputs and the generated tables.
// Prints {records, summary, passMs: [...]}.
import { rootUrl } from '../lib/paths.mjs'

const [file, passesArg = '2'] = process.argv.slice(2)
const { validateInputs } = await import('evcat')
const { tables } = await import(rootUrl('out/validators/index.js'))
const passMs = []
let report
for (let i = 0; i < Number(passesArg); i++) {
  const t0 = performance.now()
  report = await validateInputs([file], tables, { maxProblems: 1000 })
  passMs.push(performance.now() - t0)
}
console.log(JSON.stringify({ records: report.summary.total, summary: report.summary, passMs }))
