import { open, stat, type FileHandle } from 'node:fs/promises'
import { EvcatError, UsageError } from '../errors.js'
import type { AmqpPublisher } from '../transport/amqp-publish.js'
import { joinLines } from './line.js'

/** Where lines go: a file, stdout or a broker. `write` resolves once the lines are out of evcat's hands. */
export interface LineSink {
  readonly name: string
  /** Writes the lines, each followed by a newline; resolves once the OS (or the broker) has them. */
  write(lines: readonly Buffer[]): Promise<void>
  close(): Promise<void>
}

/** Writing the capture failed (a full disk, a lost device): the tap stops with exit 2. */
export class WriteFailed extends EvcatError {}

/** The reader of stdout went away (`| head`): the tap stops cleanly. */
export class DownstreamClosed extends EvcatError {}

/** A capture file, written with one `write` per batch; a failed write is cut back so no partial line is left. */
export class FileSink implements LineSink {
  private constructor(
    readonly name: string,
    private readonly handle: FileHandle,
    private size: number,
    private readonly regular: boolean,
    /** The number the next line will have (1 for a new file). */
    readonly firstLine: number,
  ) {}

  /** Opens `path`; an existing non-empty file is refused unless `append` (a capture is never overwritten). */
  static async open(path: string, append: boolean, option: string): Promise<FileSink> {
    const before = await stat(path).catch(() => undefined)
    const regular = before === undefined || before.isFile()
    if (before !== undefined && before.isFile() && before.size > 0 && !append)
      throw new UsageError(`${path} already exists: choose another ${option}, or add --append to continue it`)
    let handle: FileHandle
    try {
      handle = await open(path, append ? 'a+' : 'w')
    } catch (error) {
      throw new WriteFailed(`cannot open ${path}: ${(error as Error).message}`)
    }
    let size = append && regular ? (before?.size ?? 0) : 0
    let lines = 0
    if (size > 0) {
      const text = await handle.readFile()
      for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) lines++
      // A line cut short by a crash is ended, so the next line starts on its own.
      if (text[text.length - 1] !== 10) {
        await handle.write('\n')
        size++
        lines++
      }
    }
    return new FileSink(path, handle, size, regular, lines + 1)
  }

  async write(lines: readonly Buffer[]): Promise<void> {
    await this.writeBytes(joinLines(lines))
  }

  /** Writes bytes as they are (the side file's JSON lines). */
  async writeBytes(buf: Buffer): Promise<void> {
    let done = 0
    try {
      while (done < buf.length) done += (await this.handle.write(buf, done, buf.length - done)).bytesWritten
      this.size += buf.length
    } catch (error) {
      // Leave no half batch behind: cut the file back to the end of the last whole one.
      if (this.regular) await this.handle.truncate(this.size).catch(() => undefined)
      const e = error as NodeJS.ErrnoException
      const why = e.code === 'ENOSPC' ? 'no space left on the device' : e.message
      throw new WriteFailed(`cannot write ${this.name}: ${why}; free some space or choose another file`)
    }
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined)
  }
}

/**
 * Standard output. Its errors are taken over while the tap runs: a closed pipe must stop the tap through
 * its one signal (so the report is still written), not end the process as it does for other commands.
 */
export class StdoutSink implements LineSink {
  readonly name = 'stdout'
  private readonly saved: ((...args: unknown[]) => void)[]
  private closed = false

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    this.saved = stream.listeners('error') as ((...args: unknown[]) => void)[]
    stream.removeAllListeners('error')
    stream.on('error', () => (this.closed = true))
  }

  write(lines: readonly Buffer[]): Promise<void> {
    if (this.closed || this.stream.destroyed) return Promise.reject(new DownstreamClosed('stdout was closed'))
    return new Promise((resolve, reject) => {
      this.stream.write(joinLines(lines), (error) => {
        if (error === undefined || error === null) return resolve()
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') reject(new DownstreamClosed('stdout was closed'))
        else reject(new WriteFailed(`cannot write to stdout: ${error.message}`))
      })
    })
  }

  async close(): Promise<void> {
    this.stream.removeAllListeners('error')
    // A late EPIPE after the tap is done is still not an error.
    this.stream.on('error', () => undefined)
    for (const l of this.saved) this.stream.on('error', l)
  }
}

/** Publishes each line as one message (see AmqpPublisher); resolves once the broker confirmed them all. */
export class PublishSink implements LineSink {
  constructor(private readonly publisher: AmqpPublisher) {}

  get name(): string {
    return this.publisher.name
  }

  write(lines: readonly Buffer[]): Promise<void> {
    return this.publisher.publish(lines)
  }

  close(): Promise<void> {
    return this.publisher.close()
  }
}
