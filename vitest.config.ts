import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Spawned CLIs and --jobs workers run dist/: compile it first when a source is newer.
    globalSetup: ['test/global-setup.ts'],
    // Type tests (*.test-d.ts) are checked statically by tsc over the generated out/types.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.test.json' },
    // Some tests spawn the built CLI or a real LXD daemon; give them room without hiding hangs.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Worker threads (validate --jobs) are loaded by Node, not by vitest: this lets them run the .ts sources
    // under test instead of an older build in dist/. Worker threads inherit the option.
    execArgv: ['--import', fileURLToPath(new URL('./test/support/register-ts.mjs', import.meta.url))],
  },
})
