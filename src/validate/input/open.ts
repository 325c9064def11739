import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { buffersOf, prepend } from './chunks.js'
import type { InputSource } from './index.js'

/** Larger reads than the 64 KiB default mean fewer chunks to handle per MB. */
const READ_CHUNK = 1 << 20

/** Plain-language reasons for the usual open failures (Node's own messages embed the syscall). */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent of it is not a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
}

/** Whether the first bytes are the gzip magic number 1f 8b. */
function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
}

/** Decompresses `stream` when `gzipped`; a read or gunzip error surfaces on the returned stream. */
function maybeGunzip(stream: Readable, gzipped: boolean): Readable {
  if (!gzipped) return stream
  const gunzip = createGunzip({ chunkSize: 256 * 1024 })
  stream.on('error', (err) => gunzip.destroy(err))
  // Closing the output early (the consumer stopped) must close the file too.
  gunzip.on('close', () => stream.destroy())
  return stream.pipe(gunzip)
}

/**
 * Opens a capture file, or standard input for `-`, gunzipping it when it starts with the gzip
 * magic bytes. Rejects with an error naming the file when it cannot be opened.
 */
export async function openInput(path: string): Promise<InputSource> {
  if (path === '-') return openStdin()
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    throw openError(path, err)
  }
  try {
    // A directory opens fine on Linux and only fails on read; say so now, by name.
    if ((await handle.stat()).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
    // A file can be read at an offset, so peeking at its first bytes consumes nothing.
    const head = Buffer.alloc(2)
    const { bytesRead } = await handle.read(head, 0, 2, 0)
    const stream = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK })
    return { name: path, stream: maybeGunzip(stream, isGzip(head.subarray(0, bytesRead))) }
  } catch (err) {
    await handle.close().catch(() => undefined)
    throw openError(path, err)
  }
}

/** Standard input cannot be re-read, so its first chunk is taken and put back in front. */
async function openStdin(): Promise<InputSource> {
  const chunks = buffersOf(process.stdin)[Symbol.asyncIterator]()
  let head: Buffer = Buffer.alloc(0)
  // The magic number may arrive split over two reads.
  while (head.length < 2) {
    const next = await chunks.next()
    if (next.done === true) break
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value])
  }
  const stream = Readable.from(prepend(head, chunks), { objectMode: false })
  return { name: '-', stream: maybeGunzip(stream, isGzip(head)) }
}

function openError(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code
  const reason = (code !== undefined ? REASONS[code] : undefined) ?? (err as Error).message
  return new Error(`cannot open ${path}: ${reason}`, { cause: err })
}
