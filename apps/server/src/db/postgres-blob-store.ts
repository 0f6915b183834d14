/**
 * Blobs in PostgreSQL (DATABASE_URL), with this machine's disk store as a cache: every write lands on disk
 * and in the database; a read that misses the cache fetches the blob by hash, checks its sha256 and keeps
 * it. So a worker on another machine needs only DATABASE_URL, and compute children still read plain files.
 * The cache (SIMLAB_DATA_DIR/blobs) may be deleted at any time while no process runs; it fills again.
 */
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { NotFoundError } from '@simlab/compute';
import { getBlob, getBlobChunk, insertBlob, insertBlobChunk } from './blob.queries.js';
import type { BlobStore, FileBlobStore, StoredBlob } from './blob-store.js';
import type { Queryable } from './database.js';

/** 1 MiB: small enough to stream, large enough that a 50 MB dataset is 50 round trips. */
export const CHUNK_BYTES = 1 << 20;

export function createPostgresBlobStore(db: Queryable, cache: FileBlobStore): BlobStore {
  // One fetch per blob at a time in this process; concurrent readers wait for it.
  const fetching = new Map<string, Promise<string>>();

  /** Copies a blob that is in the cache into the database, unless the database has it. */
  async function upload(blob: StoredBlob, bytes?: Uint8Array): Promise<StoredBlob> {
    if (await getBlob(db, blob.sha256)) return blob;
    const chunkCount = Math.max(1, Math.ceil(blob.size / CHUNK_BYTES));
    if (bytes) {
      for (let i = 0; i < chunkCount; i++)
        await insertBlobChunk(db, blob.sha256, i, bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
    } else {
      const file = await open(cache.pathOf(blob.sha256), 'r');
      try {
        const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, blob.size)));
        for (let i = 0; i < chunkCount; i++) {
          const { bytesRead } = await file.read(buffer, 0, buffer.length, i * CHUNK_BYTES);
          await insertBlobChunk(db, blob.sha256, i, buffer.subarray(0, bytesRead));
        }
      } finally {
        await file.close();
      }
    }
    // Last: a blob row promises every chunk (a writer that dies midway leaves chunks a retry completes).
    await insertBlob(db, { sha256: blob.sha256, size: blob.size, chunkCount });
    return blob;
  }

  /** Streams a blob from the database into the cache, verifying size and sha256 before it becomes visible. */
  async function download(sha256: string): Promise<string> {
    const row = await getBlob(db, sha256);
    if (!row) throw new NotFoundError(`no stored blob ${sha256}`);
    const tmp = await cache.tmpPath();
    const hash = createHash('sha256');
    let size = 0;
    const file = await open(tmp, 'w');
    try {
      for (let i = 0; i < row.chunkCount; i++) {
        const chunk = await getBlobChunk(db, sha256, i);
        if (!chunk) throw new Error(`blob ${sha256} lacks chunk ${i} of ${row.chunkCount} in the database`);
        hash.update(chunk);
        size += chunk.length;
        await file.write(chunk);
      }
      await file.close();
      const actual = hash.digest('hex');
      if (actual !== sha256 || size !== row.size) {
        throw new Error(
          `blob ${sha256} in the database has sha256 ${actual} and ${size} bytes (expected ${row.size}); it is corrupt`,
        );
      }
      await cache.adopt(tmp, sha256);
      return cache.pathOf(sha256);
    } catch (error) {
      await file.close().catch(() => {});
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async function localPath(sha256: string): Promise<string> {
    if (await cache.has(sha256)) return cache.pathOf(sha256);
    let pending = fetching.get(sha256);
    if (!pending) {
      pending = download(sha256).finally(() => fetching.delete(sha256));
      fetching.set(sha256, pending);
    }
    return pending;
  }

  return {
    root: cache.root,
    async put(bytes) {
      return upload(await cache.put(bytes), bytes);
    },
    async putStream(source, maxBytes) {
      return upload(await cache.putStream(source, maxBytes));
    },
    async putFile(path) {
      return upload(await cache.putFile(path));
    },
    tmpPath: () => cache.tmpPath(),
    localPath,
    async read(sha256) {
      await localPath(sha256);
      return cache.read(sha256);
    },
    async has(sha256) {
      return (await cache.has(sha256)) || (await getBlob(db, sha256)) !== undefined;
    },
    async materialize(files) {
      await Promise.all(Object.values(files).map(localPath));
      return cache.materialize(files);
    },
  };
}
