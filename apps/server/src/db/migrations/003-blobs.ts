/**
 * Blobs in the database (used when DATABASE_URL is set; PGlite keeps them on disk): weights, dataset pixels,
 * inversions and previews, so a worker on another machine needs only DATABASE_URL. Chunked bytea rather than
 * one bytea per blob or large objects: a blob of hundreds of MiB (an upload, float32 pixels) would be one
 * value of twice that as hex text in node-postgres, beyond V8's string limit; large objects stream but need
 * lo_unlink bookkeeping and a transaction per read, and pg_dump treats them apart. Chunks of 1 MiB stream
 * with plain statements. `blob` is written after every chunk, so a blob exists once its row does.
 */
export const name = 'blobs';

export const sql = /* sql */ `
CREATE TABLE blob (
  sha256 text PRIMARY KEY,
  size bigint NOT NULL,
  chunk_count integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blob_chunk (
  sha256 text NOT NULL,
  chunk_index integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (sha256, chunk_index)
);
`;
