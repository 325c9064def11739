// Preloaded with `node --require` when /usr/bin/time is unavailable: writes the process's peak RSS (KB)
// to the file named by BENCH_MAXRSS_FILE when it exits.
'use strict'
const file = process.env.BENCH_MAXRSS_FILE
if (file) {
  process.on('exit', () => {
    require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS))
  })
}
