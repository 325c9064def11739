import { parentPort, workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'
import { createDispatcher, type FamilyTable } from '../runtime/dispatch.js'
import { dispatchOptions } from './dispatch-options.js'
import { judgePiece, type PieceSetup, type PieceTally } from './piece.js'

/** What the main thread gives a worker: where the generated validators are, and the run's options. */
export interface WorkerSetup extends PieceSetup {
  readonly validatorsIndex: string
  readonly family?: string
  readonly servers?: Readonly<Record<string, string>>
}

/** One piece of a JSONL input: whole lines as raw bytes (transferred, not copied). */
export interface PieceMessage {
  readonly id: number
  readonly file: string
  readonly bytes: Uint8Array
}

/** A worker's tally of one piece, with the piece's id. */
export interface PieceResult extends PieceTally {
  readonly id: number
}

const setup = workerData as WorkerSetup
const { tables } = (await import(pathToFileURL(setup.validatorsIndex).href)) as { tables: readonly FamilyTable[] }
const dispatch = createDispatcher(tables, dispatchOptions(setup))

// A piece that cannot be judged rejects, which ends the worker with an 'error' the main thread reports.
parentPort!.on('message', async (m: PieceMessage) =>
  parentPort!.postMessage({ id: m.id, ...(await judgePiece(m.file, m.bytes, dispatch, setup)) }),
)
