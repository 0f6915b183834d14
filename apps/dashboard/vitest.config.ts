import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Components are tested by rendering to static markup in Node; interaction is covered in tests/dashboard.
    include: ['lib/**/*.test.{ts,tsx}', 'ui/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
