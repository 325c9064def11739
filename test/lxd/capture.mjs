#!/usr/bin/env node
// Capture raw LXD /1.0/events websocket frames into a JSON-lines file.
//
// Usage: node test/lxd/capture.mjs <out-file> [timeout-seconds]
//
//   out-file         file to write; one received text frame per line, bytes
//                    exactly as received (only a single trailing "\n" of the
//                    frame is stripped, then "\n" is appended as separator).
//   timeout-seconds  stop after this many seconds (default 300, clamped to
//                    1..3600). The script never runs longer than this.
//
// Environment:
//   LXD_SOCKET        unix socket (default /var/lib/lxd/unix.socket)
//   LXD_EVENTS_QUERY  query string for /1.0/events
//                     (default "all-projects=true"; no "type" => all types)
//
// Stops cleanly on SIGTERM / SIGINT / timeout, closing the file.
// Prints "capture: connected ..." on stderr once the websocket is open, and
// "capture: done frames=N" on exit. Exit code 0 on a clean stop, 2 if it never
// managed to connect.

import fs from 'node:fs'
import process from 'node:process'
import WebSocket from 'ws'

const out = process.argv[2]
if (!out) {
  process.stderr.write('usage: capture.mjs <out-file> [timeout-seconds]\n')
  process.exit(64)
}
let timeoutSec = Number(process.argv[3] ?? 300)
if (!Number.isFinite(timeoutSec) || timeoutSec <= 0) timeoutSec = 300
timeoutSec = Math.min(Math.max(timeoutSec, 1), 3600)

const socket = process.env.LXD_SOCKET || '/var/lib/lxd/unix.socket'
const query = process.env.LXD_EVENTS_QUERY ?? 'all-projects=true'

const fd = fs.openSync(out, 'w')
const NL = Buffer.from('\n')
let frames = 0
let binaryFrames = 0
let connectedOnce = false
let stopping = false
let ws = null
let retryTimer = null
// Fall back to a bare /1.0/events if the server rejects the query string.
let useQuery = query !== ''

function log(msg) {
  process.stderr.write(`capture: ${msg}\n`)
}

function writeFrame(buf) {
  let end = buf.length
  if (end > 0 && buf[end - 1] === 0x0a) end -= 1
  const body = buf.subarray(0, end)
  let off = 0
  while (off < body.length) off += fs.writeSync(fd, body, off, body.length - off)
  fs.writeSync(fd, NL)
  frames += 1
}

function toBuffer(data) {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data) // ArrayBuffer
}

function finish(code) {
  if (stopping) return
  stopping = true
  clearTimeout(deadline)
  if (retryTimer) clearTimeout(retryTimer)
  // Hard stop in case the close handshake never completes.
  const hard = setTimeout(() => done(code), 1500)
  hard.unref()
  if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) {
    ws.once('close', () => done(code))
    try {
      ws.close(1000)
    } catch {
      done(code)
    }
  } else {
    done(code)
  }
}

let finished = false
function done(code) {
  if (finished) return
  finished = true
  try {
    if (ws) ws.terminate()
  } catch {
    /* ignore */
  }
  try {
    fs.fsyncSync(fd)
  } catch {
    /* ignore (e.g. /dev/stdout) */
  }
  fs.closeSync(fd)
  log(`done frames=${frames}${binaryFrames ? ` binary_skipped=${binaryFrames}` : ''}`)
  process.exit(connectedOnce ? code : 2)
}

function connect() {
  if (stopping) return
  const path = useQuery ? `/1.0/events?${query}` : '/1.0/events'
  const url = `ws+unix://${socket}:${path}`
  ws = new WebSocket(url, { handshakeTimeout: 5000, perMessageDeflate: false })
  ws.on('open', () => {
    connectedOnce = true
    log(`connected ${path}`)
  })
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      binaryFrames += 1
      return
    }
    writeFrame(toBuffer(data))
  })
  ws.on('unexpected-response', (_req, res) => {
    log(`unexpected response ${res.statusCode} for ${path}`)
    if (useQuery && res.statusCode >= 400 && res.statusCode < 500) useQuery = false
    res.resume()
    ws.terminate()
  })
  ws.on('error', (err) => {
    if (!stopping) log(`error: ${err.message}`)
  })
  ws.on('close', () => {
    if (stopping) return
    log('connection closed; reconnecting')
    retryTimer = setTimeout(connect, 500)
  })
}

const deadline = setTimeout(() => {
  log(`timeout after ${timeoutSec}s`)
  finish(0)
}, timeoutSec * 1000)

process.on('SIGTERM', () => finish(0))
process.on('SIGINT', () => finish(0))
process.on('SIGHUP', () => finish(0))

connect()
