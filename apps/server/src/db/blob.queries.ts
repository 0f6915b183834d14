/** Rows of `blob` and `blob_chunk`: blob bytes in PostgreSQL, in chunks (migration 003 says why). */
import type { Queryable } from './database.js';

export interface BlobRow {
  sha256: string;
  size: number;
  chunkCount: number;
}

export async function getBlob(db: Queryable, sha256: string): Promise<BlobRow | undefined> {
  const [row] = await db.query<BlobRow>(
    'SELECT sha256, size::float8 AS size, chunk_count AS "chunkCount" FROM blob WHERE sha256 = $1',
    [sha256],
  );
  return row;
}

/** Idempotent: the same blob cut at the same chunk size gives the same chunks. */
export async function insertBlobChunk(
  db: Queryable,
  sha256: string,
  index: number,
  data: Uint8Array,
): Promise<void> {
  await db.query(
    'INSERT INTO blob_chunk (sha256, chunk_index, data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [sha256, index, Buffer.from(data.buffer, data.byteOffset, data.byteLength)],
  );
}

/** Marks a blob whose chunks are all stored as present. */
export async function insertBlob(db: Queryable, blob: BlobRow): Promise<void> {
  await db.query('INSERT INTO blob (sha256, size, chunk_count) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    blob.sha256,
    blob.size,
    blob.chunkCount,
  ]);
}

export async function getBlobChunk(
  db: Queryable,
  sha256: string,
  index: number,
): Promise<Buffer | undefined> {
  const [row] = await db.query<{ data: Buffer | Uint8Array }>(
    'SELECT data FROM blob_chunk WHERE sha256 = $1 AND chunk_index = $2',
    [sha256, index],
  );
  if (!row) return undefined;
  return Buffer.isBuffer(row.data) ? row.data : Buffer.from(row.data);
}
