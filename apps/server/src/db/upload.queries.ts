/** Rows of `upload`: a file sent to POST /uploads, stored as a blob, referenced later by a mutation. */
import type { Queryable } from './database.js';

export interface UploadRow {
  id: string;
  sha256: string;
  size: number;
  filename: string;
}

export async function insertUpload(
  db: Queryable,
  u: UploadRow & { tokenId: string | null },
): Promise<UploadRow> {
  const [row] = await db.query<UploadRow>(
    `INSERT INTO upload (id, sha256, size, filename, token_id) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, sha256, size, filename`,
    [u.id, u.sha256, u.size, u.filename, u.tokenId],
  );
  return row!;
}

export function getUploads(db: Queryable, ids: string[]): Promise<UploadRow[]> {
  return db.query<UploadRow>('SELECT id, sha256, size, filename FROM upload WHERE id = ANY($1)', [ids]);
}
