import { FileSink } from './sink.js'

/**
 * One entry of the side file (`--meta FILE`), a JSON line about a capture line or about the connection:
 * - `redelivered`: the broker delivered the message on `line` before, to this or another consumer, which
 *   may have written it too (a duplicate to drop when the same `id` is elsewhere in the captures);
 * - `gap`: the source was not connected between `from` and `to`, after `line` (frames sent then may be missing).
 */
export type MetaEntry =
  | {
      readonly kind: 'redelivered'
      readonly line: number
      /** The message id the publisher set, else `sha256:` of the body. */
      readonly id: string
      readonly at: string
    }
  | { readonly kind: 'gap'; readonly line: number; readonly from: string; readonly to: string; readonly reason: string }

/** Appends entries to the side file; each batch's entries are written before its frames are acknowledged. */
export class MetaWriter {
  private constructor(private readonly sink: FileSink) {}

  /** Opens the side file, refusing to overwrite one (see FileSink.open). */
  static async open(path: string, append: boolean): Promise<MetaWriter> {
    return new MetaWriter(await FileSink.open(path, append, '--meta'))
  }

  /** Writes the entries, one JSON object per line, in one write. */
  async write(entries: readonly MetaEntry[]): Promise<void> {
    if (entries.length === 0) return
    await this.sink.writeBytes(Buffer.from(entries.map((e) => JSON.stringify(e) + '\n').join('')))
  }

  close(): Promise<void> {
    return this.sink.close()
  }
}
