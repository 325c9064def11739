// Preloaded with `node --require` when /usr/bin/time is unavailable: writes the process's peak RSS (KB)
// and its user and system CPU seconds to the file named by BENCH_MAXRSS_FILE when it exits (as GNU time's `%M %U %S`).
'use strict'
const file = process.env.BENCH_MAXRSS_FILE
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage()
    require('node:fs').writeFileSync(file, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}`)
  })
}
