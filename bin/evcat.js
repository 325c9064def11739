#!/usr/bin/env node
// The published bin: runs the compiled CLI (built by `npm ci` through the prepare script).
import '../dist/src/cli/bin.js'
