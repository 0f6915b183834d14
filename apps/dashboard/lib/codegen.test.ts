import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../codegen';

describe('generated operation types', () => {
  it('match apps/server/schema.graphql and lib/queries.ts (run `npm run codegen` when this fails)', async () => {
    const dir = new URL('..', import.meta.url).pathname;
    const outputs = await generate({ ...config, cwd: dir, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = await readFile(output.filename, 'utf8');
      expect(committed, `${output.filename} is stale`).toBe(output.content);
    }
  }, 60_000);
});
