import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { connect, type AddressInfo, type Server } from 'node:net'

/** A server could not listen where it was told to: the CLI prints the message on one line and exits 2. */
export class ListenError extends Error {}

/** A TCP address to listen on. */
export interface HostPort {
  readonly host: string
  readonly port: number
}

/** Parses `HOST:PORT` (`[::1]:8443` for IPv6; port 0 lets the system choose one). */
export function parseHostPort(text: string): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text)
  const port = m === null ? NaN : Number(m[3])
  if (m === null || port > 65535)
    throw new RangeError(`--listen takes HOST:PORT (for example 127.0.0.1:8443), not "${text}"`)
  return { host: m[1] ?? (m[2] === '' ? '127.0.0.1' : m[2]!), port }
}

/** Listens on TCP; resolves with the address (the real port when 0 was asked), or rejects with a ListenError. */
export function listenTcp(server: Server, { host, port }: HostPort): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new ListenError(`cannot listen on ${host}:${port}: ${reason(error, 'the port is taken')}`))
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve(server.address() as AddressInfo)
    })
  })
}

/**
 * Listens on a unix socket, making its folder when it is missing (and returning a cleanup that removes the folder
 * again if it made it). A file already at the path is never removed (a command never deletes what it did not
 * create): the answer says whether a server still uses it.
 */
export async function listenUnix(server: Server, path: string): Promise<() => void> {
  const folder = dirname(path)
  const made = existsSync(folder) ? undefined : mkdirSync(folder, { recursive: true })
  const cleanup = (): void => {
    if (made !== undefined) rmSync(made, { recursive: true, force: true })
  }
  try {
    await listenUnixIn(server, path)
  } catch (error) {
    cleanup()
    throw error
  }
  return cleanup
}

async function listenUnixIn(server: Server, path: string): Promise<void> {
  if (existsSync(path)) {
    const live = await answers(path)
    throw new ListenError(
      live
        ? `cannot listen on unix socket ${path}: another server is listening there`
        : `cannot listen on unix socket ${path}: a file is already there (remove it if no server uses it)`,
    )
  }
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new ListenError(`cannot listen on unix socket ${path}: ${reason(error, 'the socket is taken')}`))
    }
    server.once('error', onError)
    server.listen(path, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

/** How a listening address is written in the banner and URLs. */
export function urlHost(address: AddressInfo): string {
  return address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

function reason(error: NodeJS.ErrnoException, inUse: string): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `${inUse} (EADDRINUSE)`
    case 'EACCES':
      return 'permission denied (EACCES)'
    case 'ENOENT':
      return 'its folder does not exist (ENOENT)'
    case 'EADDRNOTAVAIL':
      return 'no such address on this machine (EADDRNOTAVAIL)'
    default:
      return error.message
  }
}
