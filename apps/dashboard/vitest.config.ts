import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      // Tests run against compute's source (its light entry loads no TF.js); the app imports the built dist.
      {
        find: /^@simlab\/compute\/light$/,
        replacement: fileURLToPath(new URL('../../packages/compute/src/light.ts', import.meta.url)),
      },
    ],
  },
  test: {
    // Components are tested by rendering to static markup in Node; interaction is covered in tests/dashboard.
    include: ['lib/**/*.test.{ts,tsx}', 'ui/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
