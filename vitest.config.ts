import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Test files of one worker share its loaded modules: importing the server anew for each file
    // took more than half of the suite's time (368 s → 159 s on PGlite). Every file builds its own
    // app and database, so nothing but read-only content caches is shared.
    isolate: false,
    globalSetup: ['src/server/testing/pglite-snapshot.ts'],
  },
});
