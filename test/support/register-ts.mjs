// `node --import ./test/support/register-ts.mjs`: run evcat's .ts sources directly (see ts-hooks.mjs).
import { register } from 'node:module'

register('./ts-hooks.mjs', import.meta.url)
