import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FinalFile } from './write.js'

/**
 * The steps of replacing the output folder, in order. `staging`: the sibling staging folder holds part of the
 * new tree; `staged`: all of it; `set-aside`: the old tree was renamed to its sibling (the output folder is
 * absent until the next step); `placed`: the new tree is the output folder; `done`: the old tree is gone.
 */
export type SwapStep = 'staging' | 'staged' | 'set-aside' | 'placed' | 'done'

// How far a writer got: what `undo` must put back.
type WriterState = 'none' | 'staging' | 'set-aside' | 'placed'

/** Options of `writeOutput`. */
export interface WriteOptions {
  /** Aborting undoes what was done (the old tree is put back unless the new one is already in place), then rejects. */
  readonly signal?: AbortSignal
  /** Told each step as it is reached, and awaited (the CLI's test hook pauses here). */
  readonly onStep?: (step: SwapStep) => void | Promise<void>
}

/** A folder that an interrupted writer left beside the output folder. */
export interface Debris {
  readonly path: string
  /** `new`: a staging folder (part or all of a new tree); `old`: an old tree set aside. */
  readonly kind: 'new' | 'old'
}

// `<out>.evcat-new-<pid>-<hex>` and `<out>.evcat-old-<pid>-<hex>`; 0.1.0 left `<out>.evcat-tmp-<hex>[-old]`.
const DEBRIS = /^\.evcat-(?:(new|old)-(\d+)-[0-9a-f]{8}|tmp-[0-9a-f]{8}(-old)?)$/

/**
 * Writes the whole tree into a sibling staging folder, then swaps it in with two renames: the old tree is
 * set aside, the new one takes its name, and only then is the old one removed. Readers see the whole old tree
 * or the whole new one; a crash between the two renames leaves the old tree set aside, which the next
 * `recoverOutput` puts back. A failure or an abort undoes what was done.
 */
export async function writeOutput(
  outDir: string,
  files: readonly FinalFile[],
  options: WriteOptions = {},
): Promise<void> {
  await swapIn(
    outDir,
    async (stage) => {
      for (const file of files) await stage(file)
    },
    options,
  )
}

/**
 * Hands one file to the staging folder. It resolves once the file is queued, not written: writes overlap with the
 * work that makes the next files, and the caller may drop the file's text (the stager holds it until written).
 */
export type StageFile = (file: Pick<FinalFile, 'path' | 'text'>) => Promise<void>

// Files being written at once, and their characters: enough that a burst of small files (the fixtures, the site's
// pages) never makes the generators wait for the disk, little enough that the texts waiting stay a small part of
// the heap.
const WRITES_IN_FLIGHT = 32
const CHARS_IN_FLIGHT = 2 * 1024 * 1024

/**
 * The swap of `writeOutput` with the staging filled by `fill`, which hands each file to `stage` as it is made
 * (`writeOutputStream` writes a file as soon as a generator yields it). A throw from `fill` or a failed write is
 * a failure like any other: the staging folder is removed, once no write is left running, and the output folder
 * is left as it was.
 */
export async function swapIn(
  outDir: string,
  fill: (stage: StageFile) => Promise<void>,
  options: WriteOptions = {},
): Promise<void> {
  const target = outDir.replace(/(.)[\\/]+$/, '$1')
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`
  const staging = `${target}.evcat-new-${tag}`
  const aside = `${target}.evcat-old-${tag}`
  let state: WriterState = 'none'
  const step = async (s: SwapStep): Promise<void> => {
    await options.onStep?.(s)
    options.signal?.throwIfAborted()
  }
  let writes: Stager | undefined
  try {
    options.signal?.throwIfAborted()
    await mkdir(dirname(target), { recursive: true })
    state = 'staging'
    await mkdir(staging)
    writes = stager(staging, () => step('staging'), options.signal)
    await fill(writes.stage)
    await writes.flush()
    await step('staged')
    if (await renameIfPresent(target, aside)) {
      state = 'set-aside'
      await step('set-aside')
    }
    await rename(staging, target)
    const hadOld = state === 'set-aside'
    state = 'placed'
    await step('placed')
    if (hadOld) await rm(aside, { recursive: true, force: true })
    await options.onStep?.('done')
  } catch (error) {
    // A write still running would recreate files in the staging folder after its removal.
    await writes?.settle()
    await undo(state, target, staging, aside)
    throw error
  }
}

/** The staging folder's writer: `stage` queues a file, `flush` waits for every write, `settle` for every write to end. */
interface Stager {
  readonly stage: StageFile
  /** Resolves when every queued file is written; rejects with the first write's failure. */
  flush(): Promise<void>
  /** Resolves when no write is running, whatever their outcome. */
  settle(): Promise<void>
}

/**
 * Writes files under `dir`, at most WRITES_IN_FLIGHT (and CHARS_IN_FLIGHT characters) at a time. The first file
 * is written before `stage` returns, then `firstWritten` is called (the test hook pauses at 'staging' with a file
 * on disk). The signal is checked before each file; a failed write fails the next `stage` or the `flush`.
 */
function stager(dir: string, firstWritten: () => Promise<void>, signal: AbortSignal | undefined): Stager {
  let first = true
  let failure: { error: unknown } | undefined
  const folders = new Map<string, Promise<unknown>>()
  let running = 0
  let chars = 0
  // Who waits for a write to end: `stage` for room, `flush` and `settle` for none left running.
  let waiting: (() => void)[] = []
  const ended = (): void => {
    const wake = waiting
    waiting = []
    for (const w of wake) w()
  }
  const aWriteEnds = (): Promise<void> => new Promise<void>((resolve) => waiting.push(resolve))
  const idle = async (): Promise<void> => {
    while (running > 0) await aWriteEnds()
  }
  const write = async (file: Pick<FinalFile, 'path' | 'text'>): Promise<void> => {
    const path = join(dir, ...file.path.split('/'))
    const parent = dirname(path)
    let folder = folders.get(parent)
    if (folder === undefined) folders.set(parent, (folder = mkdir(parent, { recursive: true })))
    await folder
    await writeFile(path, file.text)
  }
  const fail = (): void => {
    if (failure !== undefined) throw failure.error
  }
  return {
    async stage(file) {
      signal?.throwIfAborted()
      fail()
      if (first) {
        first = false
        await write(file)
        await firstWritten()
        return
      }
      while (running >= WRITES_IN_FLIGHT || (running > 0 && chars >= CHARS_IN_FLIGHT)) await aWriteEnds()
      fail()
      const size = file.text.length
      running++
      chars += size
      write(file)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => {
          running--
          chars -= size
          ended()
        })
    },
    async flush() {
      await idle()
      fail()
      signal?.throwIfAborted()
    },
    settle: idle,
  }
}

/** Puts things back after a failure: the old tree returns unless the new one is already in place. */
async function undo(state: WriterState, target: string, staging: string, aside: string): Promise<void> {
  if (state === 'set-aside') await rename(aside, target).catch(() => undefined)
  if (state === 'placed') await rm(aside, { recursive: true, force: true })
  else await rm(staging, { recursive: true, force: true })
}

async function renameIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

/**
 * The staging and set-aside folders beside `outDir` whose writer is no longer running (killed, or the
 * machine stopped). A live writer's folders are not debris: another `evcat generate` may be at work.
 */
export async function findDebris(outDir: string): Promise<Debris[]> {
  const target = outDir.replace(/(.)[\\/]+$/, '$1')
  const name = basename(target)
  const parent = dirname(target)
  const entries = await readdir(parent).catch(() => [] as string[])
  const out: Debris[] = []
  for (const entry of entries.sort()) {
    if (!entry.startsWith(name)) continue
    const m = DEBRIS.exec(entry.slice(name.length))
    if (m === null) continue
    const pid = m[2] === undefined ? undefined : Number(m[2])
    if (pid !== undefined && isAlive(pid)) continue
    const kind = m[1] === 'old' || m[3] !== undefined ? 'old' : 'new'
    out.push({ path: join(parent, entry), kind })
  }
  return out
}

/** What `recoverOutput` did. */
export interface Recovery {
  /** The set-aside tree that became the output folder again (its writer died between the two renames). */
  readonly restored?: string
  /** Debris removed. */
  readonly removed: readonly string[]
}

/**
 * Cleans up after a writer that died: when the output folder is missing and an old tree was set aside, that
 * tree becomes the output folder again (it was whole); every other staging or set-aside folder is removed.
 */
export async function recoverOutput(outDir: string): Promise<Recovery> {
  const target = outDir.replace(/(.)[\\/]+$/, '$1')
  const debris = await findDebris(target)
  let restored: string | undefined
  const present = await stat(target).then(
    () => true,
    () => false,
  )
  const old = debris.find((d) => d.kind === 'old')
  if (!present && old !== undefined) {
    await rename(old.path, target)
    restored = old.path
  }
  const removed: string[] = []
  for (const d of debris) {
    if (d.path === restored) continue
    await rm(d.path, { recursive: true, force: true })
    removed.push(d.path)
  }
  return { ...(restored === undefined ? {} : { restored }), removed }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
