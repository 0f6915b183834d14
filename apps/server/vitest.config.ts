import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    alias: [
      // Tests run against compute's source; production imports the built dist through the package exports.
      {
        find: /^@simlab\/compute$/,
        replacement: fileURLToPath(new URL('../../packages/compute/src/index.ts', import.meta.url)),
      },
      // graphql 16 has no "exports": Node loads its CommonJS build for Apollo and type-graphql, while Vite would
      // pick the "module" build for our sources. Two copies cannot share a schema, so pin the one Node uses.
      { find: /^graphql$/, replacement: require.resolve('graphql') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    // 2-core CI: the server tests start databases and compute children; run files one at a time.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
