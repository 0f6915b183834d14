import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // TF.js kernels are CPU-bound; one worker per core keeps timings sane on 2-core CI.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
