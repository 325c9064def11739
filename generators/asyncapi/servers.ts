import type { FamilyModel } from '../../src/model/types.js'

/** One security scheme as the catalog writes it under `transport.security`. */
interface CatalogScheme {
  readonly kind: 'http-bearer' | 'api-key-header' | 'api-key-query' | 'tls-client-certificate' | 'user-password'
  readonly name?: string
  readonly format?: string
  readonly description: string
}

/** The catalog's security schemes of a family, by id, in catalog order. */
export function catalogSchemes(family: FamilyModel): [string, CatalogScheme][] {
  const raw = family.transport['security']
  return raw !== null && typeof raw === 'object' ? (Object.entries(raw) as [string, CatalogScheme][]) : []
}

/** AsyncAPI `components.securitySchemes`: http bearer, httpApiKey (header or query), X509, userPassword. */
export function securitySchemes(family: FamilyModel): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [id, s] of catalogSchemes(family)) {
    const description = s.description
    switch (s.kind) {
      case 'http-bearer':
        out[id] = {
          type: 'http',
          scheme: 'bearer',
          ...(s.format === undefined ? {} : { bearerFormat: s.format }),
          description,
        }
        break
      case 'api-key-header':
      case 'api-key-query':
        out[id] = {
          type: 'httpApiKey',
          name: s.name ?? id,
          in: s.kind === 'api-key-header' ? 'header' : 'query',
          description,
        }
        break
      case 'tls-client-certificate':
        out[id] = { type: 'X509', description }
        break
      case 'user-password':
        out[id] = { type: 'userPassword', description }
        break
    }
  }
  return out
}

/**
 * The servers of a family, from its transport:
 * - websocket: `wss` (TLS) always; `ws` (plain) unless a scheme is a TLS client certificate, which needs TLS;
 *   `unix` when the transport names a unix socket (the address is the socket file, in `x-evcat-unix-socket`).
 * - rabbitmq: `amqp` and `amqps` brokers.
 * - in-process: none; the listener is a function call, not an address.
 * The host is a variable: evcat knows the protocol and the path, never where a user's server runs.
 */
export function servers(family: FamilyModel): Record<string, unknown> {
  const kind = family.transport['kind']
  const schemes = catalogSchemes(family)
  const all = schemes.map(([id]) => ref(id))
  const plain = schemes.filter(([, s]) => s.kind !== 'tls-client-certificate').map(([id]) => ref(id))
  const host = { host: { description: 'HOST[:PORT] of your server (evcat does not know where it runs).' } }
  const out: Record<string, unknown> = {}
  if (kind === 'websocket') {
    const tlsOnly = schemes.some(([, s]) => s.kind === 'tls-client-certificate')
    out['wss'] = server('{host}', 'wss', `${family.title} over TLS (wss://).`, host, all)
    if (!tlsOnly) out['ws'] = server('{host}', 'ws', `${family.title} without TLS (ws://).`, host, plain)
    const socket = family.transport['unixSocket']
    if (typeof socket === 'string')
      out['unix'] = {
        ...server(
          'localhost',
          'ws',
          `The local unix socket ${socket}; access is by file permission, no scheme.`,
          undefined,
          [],
        ),
        'x-evcat-unix-socket': socket,
      }
  } else if (kind === 'rabbitmq') {
    out['amqp'] = {
      ...server('{host}', 'amqp', `${family.title}: the RabbitMQ broker.`, host, all),
      protocolVersion: '0.9.1',
    }
    out['amqps'] = {
      ...server('{host}', 'amqps', `${family.title}: the RabbitMQ broker over TLS.`, host, all),
      protocolVersion: '0.9.1',
    }
  }
  return out
}

function server(
  host: string,
  protocol: string,
  description: string,
  variables: Record<string, unknown> | undefined,
  security: readonly unknown[],
): Record<string, unknown> {
  return {
    host,
    protocol,
    description,
    ...(variables === undefined ? {} : { variables }),
    ...(security.length === 0 ? {} : { security }),
  }
}

function ref(id: string): { $ref: string } {
  return { $ref: `#/components/securitySchemes/${encodeURIComponent(id)}` }
}
