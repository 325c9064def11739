// `node --import ./test/support/record-imports.mjs`: appends the URL of every ES module the process loads to the
// file named by EVCAT_RECORD_IMPORTS, one a line (tests of what a command loads at start-up).
import { register } from 'node:module'

register('./record-imports-hooks.mjs', import.meta.url)
