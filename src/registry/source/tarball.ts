import { gunzipSync } from 'node:zlib'

/**
 * The files of a gzipped tar (an npm package tarball), path → bytes. Reads ustar headers, with the pax `path`
 * record npm writes for long names; links and folders are skipped. Enough for `npm pack` output, no more.
 */
export function readTarball(gz: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(gz)
  const files = new Map<string, Buffer>()
  let at = 0
  let paxPath: string | undefined
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512)
    if (header.every((b) => b === 0)) break
    const size = parseInt(text(header, 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(header[156]!)
    const prefix = text(header, 345, 155)
    const name = (prefix === '' ? '' : `${prefix}/`) + text(header, 0, 100)
    const body = tar.subarray(at + 512, at + 512 + size)
    if (type === 'x') paxPath = paxRecord(body, 'path')
    else if (type === '0' || type === '\0') {
      files.set(paxPath ?? name, Buffer.from(body))
      paxPath = undefined
    } else paxPath = undefined
    at += 512 + Math.ceil(size / 512) * 512
  }
  return files
}

function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length)
  const end = field.indexOf(0)
  return field.subarray(0, end < 0 ? length : end).toString('utf8')
}

// A pax extended header is records of "<length> <key>=<value>\n".
function paxRecord(body: Buffer, key: string): string | undefined {
  const records = body.toString('utf8')
  let at = 0
  while (at < records.length) {
    const space = records.indexOf(' ', at)
    const length = Number(records.slice(at, space))
    if (!Number.isInteger(length) || length <= 0) return undefined
    const record = records.slice(space + 1, at + length - 1)
    if (record.startsWith(`${key}=`)) return record.slice(key.length + 1)
    at += length
  }
  return undefined
}
