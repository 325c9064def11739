import { describe, expect, it } from 'vitest'
import { LiveStatus } from '../../src/cli/live-status.js'

describe('LiveStatus', () => {
  it('says the records so far, the rate and the counts; on a terminal it erases itself before other output', () => {
    let now = 1_000
    const err: string[] = []
    const status = new LiveStatus({ err: (t) => err.push(t), terminal: true, now: () => now })
    status.start()
    status.update({ total: 1234, valid: 1200, invalid: 30, drift: 4, unreadable: 0 })
    now += 12_000
    expect(status.line()).toBe('evcat: 12 s: 1234 records (103/s): 1200 valid, 30 invalid, 4 drift, 0 unreadable')
    status.update({ total: 1, valid: 1, invalid: 0, drift: 0, unreadable: 0 })
    expect(status.line()).toBe('evcat: 12 s: 1 record (0.1/s): 1 valid, 0 invalid, 0 drift, 0 unreadable')
    // Nothing is shown yet (the timer has not ticked): there is nothing to erase.
    status.clear()
    expect(err).toEqual([])
    status.stop()
  })
})

describe('LiveStatus on a terminal', () => {
  it('redraws itself in place, and erases itself before other output and when it stops', async () => {
    const err: string[] = []
    const status = new LiveStatus({ err: (t) => err.push(t), terminal: true })
    status.start()
    status.update({ total: 2, valid: 2, invalid: 0, drift: 0, unreadable: 0 })
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (err.length === 0) return
        clearInterval(poll)
        resolve()
      }, 10)
    })
    expect(err[0]).toMatch(/^\r\x1b\[Kevcat: \d+ s: 2 records \(/)
    status.clear()
    expect(err.at(-1)).toBe('\r\x1b[K')
    status.stop()
    expect(err.filter((t) => t === '\r\x1b[K')).toHaveLength(1)
  })
})
