/**
 * Cross-app tests. One vitest project per area; add yours to `projects` (each may have its own setup).
 *   dashboard: Chromium against the built dashboard and a real server on PGlite (tests/dashboard).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The server runs from its TypeScript source here, as in its own tests; compute likewise.
    alias: { '@simlab/compute': fileURLToPath(new URL('../packages/compute/src/index.ts', import.meta.url)) },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'dashboard',
          include: ['dashboard/**/*.test.ts'],
          globalSetup: ['dashboard/support/global-setup.ts'],
          pool: 'forks',
          // 2-core machines: one browser, one server, one Next.js at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
