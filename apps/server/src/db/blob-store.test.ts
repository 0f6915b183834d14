/** The file blob store's checkpoint folders: built once, whole, whatever the concurrency. */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from './blob-store.js';

describe('createBlobStore().materialize', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(os.tmpdir(), 'simlab-blobs-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('gives concurrent callers of one manifest the same complete folder (no EEXIST race)', async () => {
    const store = createBlobStore(root);
    const model = await store.put(Buffer.from('{"model": true}'));
    const weights = await store.put(Buffer.from([1, 2, 3, 4]));
    const manifest = { 'model.json': model.sha256, 'weights.bin': weights.sha256 };
    const dirs = await Promise.all(Array.from({ length: 12 }, () => store.materialize(manifest)));
    expect(new Set(dirs).size).toBe(1);
    const dir = dirs[0]!;
    expect((await readdir(dir)).sort()).toEqual(['.complete', 'model.json', 'weights.bin']);
    expect(await readFile(join(dir, 'model.json'), 'utf8')).toBe('{"model": true}');
    // No private build folders are left behind.
    expect(await readdir(join(root, 'dirs'))).toEqual([dir.split('/').at(-1)]);
  });

  it('replaces a folder a crashed process left half-built', async () => {
    const store = createBlobStore(root);
    const blob = await store.put(Buffer.from('abc'));
    const first = await store.materialize({ 'a.bin': blob.sha256 });
    await rm(first, { recursive: true });
    await mkdir(first); // the crash: a folder without .complete
    const again = await store.materialize({ 'a.bin': blob.sha256 });
    expect(again).toBe(first);
    expect(await readFile(join(again, 'a.bin'), 'utf8')).toBe('abc');
  });
});
