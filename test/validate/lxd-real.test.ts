import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { available } from '../requirements.js'
import { validateJson } from './helpers.js'

// .ci/run starts a real LXD daemon, drives it with lxc and records /1.0/events into this file. Without it
// (a plain clone, `npm test`) the live test skips and says so; .ci/run sets EVCAT_REQUIRE_SERVERS=1 so that a
// missing capture fails there.
const live = process.env['EVCAT_LXD_CAPTURE']
const hasLive = available(
  'a capture from a live LXD daemon in EVCAT_LXD_CAPTURE (.ci/run makes one with test/lxd/run-capture.sh)',
  live !== undefined && live !== '',
  'EVCAT_REQUIRE_SERVERS',
)

describe('real LXD traffic', () => {
  it.each([
    { judged: 'as any version', server: [] },
    { judged: 'as 5.0.2', server: ['--server', 'lxd@5.0.2'] },
  ])(
    'the committed capture from LXD 5.0.2 (2074 frames) has 0 invalid and 0 drift, judged $judged',
    async ({ server }) => {
      const args = ['test/fixtures/lxd/capture-5.0.2.jsonl', '--family', 'lxd', ...server]
      const { code, report } = await validateJson(...args)
      expect(report.summary).toEqual({ total: 2074, valid: 2074, invalid: 0, drift: 0, unreadable: 0 })
      expect(Object.keys(report.events['lxd']!).length).toBeGreaterThan(80)
      expect(code).toBe(0)
    },
  )

  it.runIf(hasLive)(
    'a capture recorded in this run from a live daemon has 0 invalid (needs EVCAT_LXD_CAPTURE)',
    async () => {
      expect(existsSync(live!)).toBe(true)
      // The daemon CI starts is Debian's LXD 5.0.2: its traffic is valid judged as any version, and as 5.0.2.
      for (const server of [[], ['--server', 'lxd@5.0.2']]) {
        const { report } = await validateJson(live!, ...server)
        expect(report.summary.total).toBeGreaterThan(300)
        expect(report.summary.unreadable).toBe(0)
        expect(report.problems.filter((p) => p.status !== 'valid')).toEqual([])
        expect(report.summary.invalid).toBe(0)
        expect(report.summary.drift).toBe(0)
      }
    },
  )
})
