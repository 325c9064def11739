#!/usr/bin/env node
// The published bin: runs the compiled CLI (built by `npm ci` through the prepare script).
import module from 'node:module'

// Node 22.1 and later keep V8's compiled code of evcat's modules (the generated validators are 2 MB of JS) in a
// cache in the temp folder, so a later start skips compiling them; Node 20 has no such cache and starts as before.
module.enableCompileCache?.()
await import('../dist/src/cli/bin.js')
