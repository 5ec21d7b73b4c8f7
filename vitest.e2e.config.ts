import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One server, one browser at a time: the journeys share the demo data in order.
    fileParallelism: false,
    // Real-time updates cross two browsers and a server; under load they take longer than expect.poll's 1 s default.
    expect: { poll: { timeout: 10_000 } },
  },
});
