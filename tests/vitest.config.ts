/**
 * Cross-app tests, one vitest project per area (run one with `vitest run --project <name>`):
 *   server:    HTTP and WebSocket against createServer on port 0 (tests/server).
 *   dashboard: Chromium against the built dashboard and a real server on PGlite (tests/dashboard).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    alias: [
      // The server and compute run from source here, as in their own tests.
      {
        find: /^@simlab\/compute$/,
        replacement: fileURLToPath(new URL('../packages/compute/src/index.ts', import.meta.url)),
      },
      // One copy of graphql for Apollo, type-graphql and our sources (see apps/server/vitest.config.ts).
      { find: /^graphql$/, replacement: require.resolve('graphql') },
    ],
  },
  test: {
    pool: 'forks',
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dashboard',
          include: ['dashboard/**/*.test.ts'],
          // Builds the dashboard once (next build) unless the build is newer than its sources.
          globalSetup: ['dashboard/support/global-setup.ts'],
          // 2-core machines: one browser, one server, one Next.js at a time.
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
