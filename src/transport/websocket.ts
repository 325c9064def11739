import type { IncomingMessage } from 'node:http'
import WebSocket, { type ClientOptions } from 'ws'
import { failureOf, type ConnectFailure } from './failure.js'
import type { ItemQueue } from './queue.js'

/** Where and how to open one WebSocket. */
export interface WebSocketTarget {
  /** `ws://`, `wss://` or `ws+unix:///path/to.socket:/request/path`. */
  readonly url: string
  readonly options: ClientOptions
}

/** The connection attempt failed; `failure` says at which layer and why. */
export class ConnectError extends Error {
  constructor(readonly failure: ConnectFailure) {
    super(failure.message)
  }
}

const HANDSHAKE_MS = 10_000
const BODY_BYTES = 4096

/**
 * Opens a WebSocket; rejects with a ConnectError (socket, TLS or HTTP failure), or when the signal aborts.
 * `onMessage` is attached before the handshake: a server's first frame can come in the same packet as its
 * 101 answer, and ws emits it right after `open`, before any later listener could be attached.
 */
export function openWebSocket(
  target: WebSocketTarget,
  signal: AbortSignal,
  onMessage: (data: Buffer) => void,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target.url, {
      handshakeTimeout: HANDSHAKE_MS,
      perMessageDeflate: false,
      ...target.options,
    })
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) =>
      onMessage(Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)),
    )
    const onAbort = (): void => {
      ws.terminate()
      reject(new ConnectError({ message: 'stopped' }))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    const settle = (): void => {
      signal.removeEventListener('abort', onAbort)
      ws.removeAllListeners('open')
      ws.removeAllListeners('unexpected-response')
    }
    ws.once('open', () => {
      settle()
      ws.removeAllListeners('error')
      resolve(ws)
    })
    ws.on('error', (error) => {
      settle()
      reject(new ConnectError(failureOf(error)))
    })
    ws.once('unexpected-response', (_request, response) => {
      settle()
      void readBody(response).then((body) => {
        ws.removeAllListeners('error')
        ws.on('error', () => undefined)
        ws.terminate()
        reject(new ConnectError(httpFailure(response.statusCode ?? 0, body)))
      })
    })
  })
}

/**
 * The HTTP answer to an upgrade, with the server's own error text when its body is JSON with one: LXD's `error`,
 * the Events Hub's first diagnostics error (its `message` is a multi-line summary), or a `message`. Always one line.
 */
function httpFailure(status: number, body: string): ConnectFailure {
  let detail = body.trim().slice(0, 200)
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown; diagnostics?: { Errors?: unknown } }
    const errors = json.diagnostics?.Errors
    const first = Array.isArray(errors) ? (errors[0] as { Message?: unknown } | undefined)?.Message : undefined
    const text = [json.error, first, json.message].find((t): t is string => typeof t === 'string' && t !== '')
    if (text !== undefined) detail = text
  } catch {
    // not JSON: keep the start of the text
  }
  detail = detail.split(/\r?\n/)[0]!.trim()
  return { status, detail, message: `HTTP ${status}${detail === '' ? '' : `: ${detail}`}` }
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = []
    let size = 0
    response.on('data', (chunk: Buffer) => {
      if (size < BODY_BYTES) parts.push(chunk)
      size += chunk.length
    })
    response.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    response.on('error', () => resolve(Buffer.concat(parts).toString('utf8')))
  })
}

/**
 * The frames of a socket, pushed into the queue by the `onMessage` given to openWebSocket: this pauses the socket
 * while the queue is full, and resolves with why the socket ended ('stopped' when the signal aborted).
 */
export function pumpWebSocket(ws: WebSocket, queue: ItemQueue, signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    queue.setBackpressure({ pause: () => ws.pause(), resume: () => ws.resume() })
    let reason = ''
    const finish = (why: string): void => {
      signal.removeEventListener('abort', onAbort)
      queue.setBackpressure(undefined)
      resolve(why)
    }
    const onAbort = (): void => {
      reason = 'stopped'
      ws.close(1000)
      // A server that never answers the close handshake must not hold the tap open.
      setTimeout(() => ws.terminate(), 1000).unref()
    }
    signal.addEventListener('abort', onAbort, { once: true })
    ws.on('error', (error) => {
      if (reason === '') reason = error.message
    })
    ws.on('close', (code: number, text: Buffer) => {
      if (reason === '') reason = code === 1006 ? 'dropped without a close frame' : `closed ${code} ${text.toString()}`
      finish(reason.trim())
    })
  })
}
