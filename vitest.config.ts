import { defineConfig } from 'vitest/config';

// nodejieba loads ~255 MB of dictionaries per worker (tech notes §5): keep the pool small.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
