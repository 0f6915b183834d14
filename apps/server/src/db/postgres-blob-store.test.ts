/** Two machines (two cache directories) over one PostgreSQL: what one stores, the other reads, verified. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test-support/databases.js';
import { createBlobStore } from './blob-store.js';
import { type Database, openDatabase } from './database.js';
import { migrate } from './migrate.js';
import { CHUNK_BYTES, createPostgresBlobStore } from './postgres-blob-store.js';

describe('the PostgreSQL blob store', () => {
  let database: TestDatabase;
  let db: Database;
  let caches: string;
  const machine = (name: string) => createPostgresBlobStore(db, createBlobStore(join(caches, name)));
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    db = await openDatabase(database.config);
    await migrate(db);
    caches = await mkdtemp(join(os.tmpdir(), 'simlab-blob-caches-'));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
    await rm(caches, { recursive: true, force: true });
  });

  it('serves a blob of several chunks stored on one machine to another, by hash', async () => {
    const a = machine('a');
    const b = machine('b');
    const bytes = randomBytes(2 * CHUNK_BYTES + 12_345);
    const stored = await a.put(bytes);
    expect(stored.size).toBe(bytes.length);
    expect(await b.has(stored.sha256)).toBe(true);
    expect(Buffer.compare(await b.read(stored.sha256), bytes)).toBe(0);
    // Now in b's cache: a plain file compute children can open.
    const path = await b.localPath(stored.sha256);
    expect(path.startsWith(join(caches, 'b'))).toBe(true);
    expect((await stat(path)).size).toBe(bytes.length);
    const [{ count }] = await db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM blob_chunk WHERE sha256 = $1',
      [stored.sha256],
    );
    expect(count).toBe(3);
  });

  it('stores streams and files too, and materialises checkpoint directories on another machine', async () => {
    const a = machine('c');
    const json = await a.putStream(
      Readable.from([Buffer.from('{"modelTopology":'), Buffer.from('{}}')]),
      1000,
    );
    const tmp = await a.tmpPath();
    await writeFile(tmp, 'weights');
    const weights = await a.putFile(tmp);
    const dir = await machine('d').materialize({ 'model.json': json.sha256, 'weights.bin': weights.sha256 });
    expect(await readFile(join(dir, 'model.json'), 'utf8')).toBe('{"modelTopology":{}}');
    expect(await readFile(join(dir, 'weights.bin'), 'utf8')).toBe('weights');
  });

  it('answers NOT_FOUND for a hash nobody stored', async () => {
    const missing = 'f'.repeat(64);
    expect(await machine('e').has(missing)).toBe(false);
    await expect(machine('e').localPath(missing)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses bytes that do not hash to their name, and caches nothing', async () => {
    const stored = await machine('f').put(Buffer.from('the original bytes'));
    await db.query(`UPDATE blob_chunk SET data = $2 WHERE sha256 = $1`, [
      stored.sha256,
      Buffer.from('the tampered bytes'),
    ]);
    const other = machine('g');
    await expect(other.read(stored.sha256)).rejects.toThrow(/corrupt/);
    await expect(
      stat(join(caches, 'g', stored.sha256.slice(0, 2), stored.sha256.slice(2))),
    ).rejects.toThrow();
  });

  it('fetches a blob once when many readers ask at the same time', async () => {
    const stored = await machine('h').put(randomBytes(CHUNK_BYTES + 1));
    let chunkReads = 0;
    const counting = {
      query<R>(text: string, params?: readonly unknown[]) {
        if (text.includes('FROM blob_chunk')) chunkReads++;
        return db.query<R>(text, params);
      },
    };
    const reader = createPostgresBlobStore(counting, createBlobStore(join(caches, 'i')));
    const paths = await Promise.all(Array.from({ length: 8 }, () => reader.localPath(stored.sha256)));
    expect(new Set(paths).size).toBe(1);
    expect(chunkReads).toBe(2);
    expect((await stat(paths[0]!)).size).toBe(CHUNK_BYTES + 1);
  });
});
