/** Temporary folders for one test file, removed together after its tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Call once at the top level of a test file. Returns `tempDir()`, which makes a fresh folder
 * `<os tmpdir>/simlab-<name>-XXXXXX`; the file's afterAll removes every folder it made.
 */
export function useTempDirs(name: string): () => Promise<string> {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), `simlab-${name}-`));
    dirs.push(dir);
    return dir;
  };
}
