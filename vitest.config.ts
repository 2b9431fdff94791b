import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Native SQLite handles and child processes: isolate files in forks, not threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
