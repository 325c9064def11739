import { fstatSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
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
async function maybeGunzip(stream: Readable, gzipped: boolean): Promise<Readable> {
  if (!gzipped) return stream
  // Imported here: most inputs are not gzipped, and every start of `evcat validate` would pay for zlib.
  const { createGunzip } = await import('node:zlib')
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
    const stat = await handle.stat()
    // A directory opens fine on Linux and only fails on read; say so now, by name.
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
    // A file can be read at an offset, so peeking at its first bytes consumes nothing.
    const head = Buffer.alloc(2)
    const { bytesRead } = stat.isFile() ? await handle.read(head, 0, 2, 0) : { bytesRead: 0 }
    const file = handle.createReadStream({ start: stat.isFile() ? 0 : undefined, highWaterMark: READ_CHUNK })
    // A named pipe (or socket, or device) cannot be peeked at without consuming it: it is sniffed as it streams.
    const stream = stat.isFile() ? await maybeGunzip(file, isGzip(head.subarray(0, bytesRead))) : sniffed(file)
    return { name: path, stream, live: !stat.isFile(), close: () => void stream.destroy() }
  } catch (err) {
    await handle.close().catch(() => undefined)
    throw openError(path, err)
  }
}

/** Standard input: a file redirected to it is read as a file; a pipe or a terminal is live (it may pause). */
function openStdin(): InputSource {
  let live = true
  try {
    live = !fstatSync(0).isFile()
  } catch {
    // No standard input to stat: reading it will say what is wrong.
  }
  const stream = sniffed(process.stdin)
  // Destroying standard input itself ends a read that waits on the pipe, so that a stop never hangs.
  return { name: '-', stream, live, close: () => void process.stdin.destroy() }
}

/**
 * A stream that cannot be re-read, gunzipped when its first bytes are the gzip magic number. Nothing is read
 * until the stream is, so that opening standard input never waits for the first bytes to arrive.
 */
function sniffed(source: Readable): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    const chunks = buffersOf(source)[Symbol.asyncIterator]()
    let head: Buffer = Buffer.alloc(0)
    // The magic number may arrive split over two reads.
    while (head.length < 2) {
      const next = await chunks.next()
      if (next.done === true) break
      head = head.length === 0 ? next.value : Buffer.concat([head, next.value])
    }
    const rest = prepend(head, chunks)
    if (!isGzip(head)) return yield* rest
    yield* buffersOf(await maybeGunzip(Readable.from(rest, { objectMode: false }), true))
  }
  return Readable.from(bytes(), { objectMode: false })
}

function openError(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code
  const reason = (code !== undefined ? REASONS[code] : undefined) ?? (err as Error).message
  return new Error(`cannot open ${path}: ${reason}`, { cause: err })
}
