/**
 * Content-addressed blobs: a blob's name is the sha256 of its bytes, so equal content is stored once and a
 * name proves the content. Two stores behind one interface: files on disk next to the database (PGlite, this
 * file; layout `<root>/ab/cdef...`, a two-character fan-out), and PostgreSQL with the disk as a local cache
 * (postgres-blob-store.ts), so workers on other machines need only DATABASE_URL. Compute children read files
 * by path, hence `localPath` and `materialize`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError } from '@simlab/compute';
import { PayloadTooLargeError } from '../errors.js';

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStore {
  readonly root: string;
  put(bytes: Uint8Array): Promise<StoredBlob>;
  /** Streams `source` in, hashing as it goes; rejects with PayloadTooLargeError past `maxBytes`. */
  putStream(source: Readable, maxBytes: number): Promise<StoredBlob>;
  /** Moves a finished file (written under `tmpPath()`) into the store under its hash. */
  putFile(path: string): Promise<StoredBlob>;
  /** A fresh path in the store's own tmp directory (same filesystem, so `putFile` is a rename). */
  tmpPath(): Promise<string>;
  read(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  /**
   * Absolute path of a stored blob on this machine, fetched into the local directory first if needed.
   * @throws NotFoundError when no blob has this hash.
   */
  localPath(sha256: string): Promise<string>;
  /**
   * A directory holding the given blobs under the given file names (hard links, created once and kept):
   * a checkpoint's model.json, weights and card, loadable by path.
   */
  materialize(files: Record<string, string>): Promise<string>;
}

/** The disk store, with what a store that caches on disk needs besides. */
export interface FileBlobStore extends BlobStore {
  /** Absolute path of a blob (which may not exist). */
  pathOf(sha256: string): string;
  /** Moves a file whose bytes the caller has verified to hash to `sha256` into the store. */
  adopt(path: string, sha256: string): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function createBlobStore(root: string): FileBlobStore {
  const tmpDir = join(root, 'tmp');
  const pathOf = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256 hex digest: ${JSON.stringify(sha256)}`);
    return join(root, sha256.slice(0, 2), sha256.slice(2));
  };
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );

  async function newTmpPath(): Promise<string> {
    await mkdir(tmpDir, { recursive: true });
    return join(tmpDir, randomUUID());
  }

  async function commit(tmp: string, sha256: string): Promise<void> {
    const target = pathOf(sha256);
    await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
    // rename is atomic: a reader sees the whole blob or none; a concurrent writer of the same bytes is harmless.
    await rename(tmp, target);
  }

  return {
    root,
    pathOf,
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (!(await exists(pathOf(sha256)))) {
        const tmp = await newTmpPath();
        await writeFile(tmp, bytes);
        await commit(tmp, sha256);
      }
      return { sha256, size: bytes.byteLength };
    },
    async putStream(source, maxBytes) {
      const tmp = await newTmpPath();
      const hash = createHash('sha256');
      let size = 0;
      try {
        await pipeline(
          source,
          async function* (chunks: AsyncIterable<Buffer>) {
            for await (const chunk of chunks) {
              size += chunk.length;
              if (size > maxBytes)
                throw new PayloadTooLargeError(`upload exceeds the limit of ${maxBytes} bytes`);
              hash.update(chunk);
              yield chunk;
            }
          },
          createWriteStream(tmp),
        );
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      const sha256 = hash.digest('hex');
      await commit(tmp, sha256);
      return { sha256, size };
    },
    async putFile(path) {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
      }
      const sha256 = hash.digest('hex');
      await commit(path, sha256);
      return { sha256, size };
    },
    tmpPath: newTmpPath,
    adopt: commit,
    read: (sha256) => readFile(pathOf(sha256)),
    has: (sha256) => exists(pathOf(sha256)),
    async localPath(sha256) {
      const path = pathOf(sha256);
      if (!(await exists(path))) throw new NotFoundError(`no stored blob ${sha256}`);
      return path;
    },
    async materialize(files) {
      const manifest = Object.entries(files).sort(([a], [b]) => a.localeCompare(b));
      const key = createHash('sha256').update(JSON.stringify(manifest)).digest('hex');
      const dir = join(root, 'dirs', key);
      if (await exists(join(dir, '.complete'))) return dir;
      // Built under a private name and renamed into place, so concurrent callers (two cells of one study) never
      // link into the same folder; the loser of the rename finds the winner's complete folder and uses it.
      const building = `${dir}.${process.pid}.${randomUUID()}`;
      await mkdir(building, { recursive: true });
      try {
        for (const [name, sha256] of manifest) {
          if (name.includes('/') || name.startsWith('.'))
            throw new Error(`bad file name in manifest: ${name}`);
          await link(pathOf(sha256), join(building, name));
        }
        await writeFile(join(building, '.complete'), '');
        // A folder left half-built by a crashed process (no .complete) is replaced.
        if ((await exists(dir)) && !(await exists(join(dir, '.complete'))))
          await rm(dir, { recursive: true, force: true });
        await rename(building, dir).catch(async (error: NodeJS.ErrnoException) => {
          if (!['EEXIST', 'ENOTEMPTY'].includes(error.code ?? '') || !(await exists(join(dir, '.complete'))))
            throw error;
        });
      } finally {
        await rm(building, { recursive: true, force: true });
      }
      return dir;
    },
  };
}
