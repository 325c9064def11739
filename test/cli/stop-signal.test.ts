import { describe, expect, it } from 'vitest'
import { untilStopSignal } from '../../src/cli/interrupt.js'

describe('untilStopSignal', () => {
  it('turns the first SIGINT or SIGTERM into an abort naming it, and leaves the next one its default effect', async () => {
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]
      const reason = await untilStopSignal(async (signal) => {
        expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before.map((n) => n + 1))
        // As the signal would: the listeners run (here without a real signal, which would also reach vitest).
        process.emit(name, name)
        expect(signal.aborted).toBe(true)
        // Gone at once, so that a second Ctrl-C ends the process (130) instead of waiting for the report.
        expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before)
        return signal.reason as unknown
      })
      expect(reason).toBe(name)
    }
  })

  it('removes its listeners when the work ends, or fails, without a signal', async () => {
    const before = process.listenerCount('SIGINT')
    await expect(untilStopSignal(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await untilStopSignal(async (signal) => signal.aborted)).toBe(false)
    expect(process.listenerCount('SIGINT')).toBe(before)
  })
})
