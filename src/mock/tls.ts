import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { isIPv4, isIPv6 } from 'node:net'

/** A generated key and self-signed certificate, PEM-encoded, with the certificate's SHA-256 fingerprint. */
export interface SelfSigned {
  readonly key: string
  readonly cert: string
  /** Lower-case hex, as `lxc config trust list` and LXD's TLS requestor username write it. */
  readonly fingerprint: string
}

/**
 * A fresh ECDSA P-384 key and a self-signed X.509 v3 server certificate for `names` (host names and IP
 * addresses), valid for ten years, as LXD makes its own server certificate. Node can use a certificate but has no
 * API to create one, and the DER below is short; this avoids a dependency and an `openssl` binary.
 */
export function selfSignedCertificate(names: readonly string[]): SelfSigned {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
  const sigAlg = seq(oid('1.2.840.10045.4.3.3')) // ecdsa-with-SHA384
  const name = seq(set(seq(oid('2.5.4.10'), utf8('evcat mock'))), set(seq(oid('2.5.4.3'), utf8('evcat-mock'))))
  const now = Date.now()
  const serial = randomBytes(16)
  serial[0] = (serial[0]! & 0x7f) | 0x01
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    sigAlg,
    name,
    seq(time(new Date(now - 86_400_000)), time(new Date(now + 10 * 365 * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...extensions(names))),
  )
  const signature = sign('sha384', tbs, privateKey)
  const der = seq(tbs, sigAlg, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: pem('CERTIFICATE', der),
    fingerprint: createHash('sha256').update(der).digest('hex'),
  }
}

function extensions(names: readonly string[]): Buffer[] {
  const alt = names.map((n) =>
    isIPv4(n)
      ? tlv(0x87, Buffer.from(n.split('.').map(Number)))
      : isIPv6(n)
        ? tlv(0x87, ipv6Bytes(n))
        : tlv(0x82, Buffer.from(n, 'ascii')),
  )
  return [
    seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq())), // basicConstraints: not a CA
    seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0x07, 0x80])))), // digitalSignature
    seq(oid('2.5.29.37'), tlv(0x04, seq(oid('1.3.6.1.5.5.7.3.1')))), // extKeyUsage: serverAuth
    seq(oid('2.5.29.17'), tlv(0x04, seq(...alt))), // subjectAltName
  ]
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.split('::') as [string, string | undefined]
  const words = (s: string | undefined): number[] =>
    s === undefined || s === '' ? [] : s.split(':').map((w) => parseInt(w, 16))
  const left = words(head)
  const right = words(tail)
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
  const out = Buffer.alloc(16)
  all.forEach((w, i) => out.writeUInt16BE(w, i * 2))
  return out
}

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff])
  return Buffer.concat([Buffer.from([tag]), length, body])
}

const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items))
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items))
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'))
const integer = (bytes: Buffer): Buffer => tlv(0x02, bytes)

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]]
  const bytes = [40 * a + b]
  for (const n of rest) {
    const groups = [n & 0x7f]
    for (let v = n >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80)
    bytes.push(...groups)
  }
  return tlv(0x06, Buffer.from(bytes))
}

// UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso))
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}
