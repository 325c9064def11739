/** WebSocket opcodes the mock servers write (RFC 6455 §5.2). */
export const OPCODE = { text: 0x1, close: 0x8, ping: 0x9 } as const

/**
 * One unmasked server-to-client WebSocket frame (RFC 6455 §5.2), FIN set. The servers write their frames
 * themselves instead of through `ws`, because the fault injector must be able to write a frame in pieces, or only
 * part of one, and `ws` has no API for either.
 */
export function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length
  const header = n < 126 ? Buffer.alloc(2) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10)
  header[0] = 0x80 | opcode
  if (n < 126) header[1] = n
  else if (n < 65536) {
    header[1] = 126
    header.writeUInt16BE(n, 2)
  } else {
    header[1] = 127
    header.writeBigUInt64BE(BigInt(n), 2)
  }
  return Buffer.concat([header, payload])
}
