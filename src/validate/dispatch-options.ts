import type { DispatchOptions } from '../runtime/dispatch.js'

/** The dispatcher's options for a run: the forced family and the server versions, when given. */
export function dispatchOptions(options: {
  readonly family?: string | undefined
  readonly servers?: Readonly<Record<string, string>> | undefined
}): DispatchOptions {
  return {
    ...(options.family === undefined ? {} : { family: options.family }),
    ...(options.servers === undefined ? {} : { servers: options.servers }),
  }
}
