import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Some tests spawn the built CLI or a real LXD daemon; give them room without hiding hangs.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
