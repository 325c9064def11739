import { ConnectionLost } from './frame.js'

/** How a dropped connection is retried: capped exponential backoff with jitter, or not at all. */
export interface ReconnectPolicy {
  /** Retry at all; false means a drop ends the tap with exit 1. @default true */
  readonly enabled: boolean
  /** First delay in ms. @default 250 */
  readonly initialMs: number
  /** Cap of the delay in ms. @default 30000 */
  readonly maxMs: number
  /** Growth per attempt. @default 2 */
  readonly factor: number
  /** Fraction of the delay drawn at random (0..1), so many clients do not come back in step. @default 0.3 */
  readonly jitter: number
}

/** The default policy. */
export const DEFAULT_RECONNECT: ReconnectPolicy = {
  enabled: true,
  initialMs: 250,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.3,
}

/** The delay before reconnect attempt `attempt` (1-based): grows by `factor`, never above `maxMs`, jittered down. */
export function backoffDelay(attempt: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt - 1))
  // Jitter only lowers the delay, so the cap holds.
  return Math.round(base * (1 - policy.jitter * random()))
}

/** Waits `ms`, or less when the signal aborts (it then resolves, never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/**
 * After a drop: throws ConnectionLost when reconnecting is off, else logs and waits the attempt's backoff.
 * Returns false when the signal aborted meanwhile (stop instead of reconnecting).
 */
export async function waitToReconnect(
  name: string,
  reason: string,
  attempt: number,
  policy: ReconnectPolicy,
  context: { readonly signal: AbortSignal; readonly log: (line: string) => void },
): Promise<boolean> {
  if (context.signal.aborted) return false
  if (!policy.enabled)
    throw new ConnectionLost(`${name}: connection lost (${reason}); not reconnecting (--no-reconnect)`)
  const delay = backoffDelay(attempt, policy)
  context.log(
    `${name}: connection lost (${reason}); reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})`,
  )
  await sleep(delay, context.signal)
  return !context.signal.aborted
}
