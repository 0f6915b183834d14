import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printSdl, SCHEMA_FILE } from './print-schema.js';

describe('schema.graphql', () => {
  it('matches the SDL printed from the type-graphql classes (run `npm run schema -w @simlab/server` when this fails)', async () => {
    const sdl = await printSdl();
    // UPDATE_SCHEMA=1 rewrites the file instead, like a snapshot update.
    if (process.env.UPDATE_SCHEMA === '1') await writeFile(SCHEMA_FILE, sdl);
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(sdl);
  });
});
