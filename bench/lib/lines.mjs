// The first `n` non-blank lines of a JSONL file, read in 16 MiB steps (so a huge file is not read whole).
import { closeSync, openSync, readSync } from 'node:fs'

export function readLines(path, n) {
  const fd = openSync(path, 'r')
  const out = []
  const buf = Buffer.alloc(1 << 24)
  let carry = ''
  try {
    while (out.length < n) {
      const got = readSync(fd, buf, 0, buf.length, null)
      if (got === 0) break
      const text = carry + buf.toString('utf8', 0, got)
      let pos = 0
      for (;;) {
        const nl = text.indexOf('\n', pos)
        if (nl === -1 || out.length >= n) break
        if (nl > pos) out.push(text.slice(pos, nl))
        pos = nl + 1
      }
      carry = text.slice(pos)
    }
    if (out.length < n && carry.trim() !== '') out.push(carry)
  } finally {
    closeSync(fd)
  }
  return out
}
