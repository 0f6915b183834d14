/** Rows of `dataset`: registered image sets and, once loaded, their hash, size and shape. */
import type { Queryable } from './database.js';
import { createWhere, type Page, type PageArgs, selectPage } from './page.js';

export type EntityStatus = 'PENDING' | 'RUNNING' | 'READY' | 'FAILED' | 'CANCELLED';

export interface DatasetRow {
  id: string;
  name: string;
  source: string;
  split: string | null;
  /** Uploaded datasets: file name (images.npy, labels.npy) -> blob sha256. */
  files: Record<string, string> | null;
  loader: string | null;
  status: EntityStatus;
  contentHash: string | null;
  count: number | null;
  imageShape: number[] | null;
  classNames: string[] | null;
  /** Images per class, indexed like classNames. */
  classCounts: number[] | null;
  /** Pixels as .npy [count, h, w, c] (uint8 when every value is k/255, else float32); null before READY. */
  imagesSha256: string | null;
  /** Labels as int32 .npy [count]; null before READY. */
  labelsSha256: string | null;
  jobId: string | null;
  createdAt: Date;
}

const COLUMNS = `id, name, source, split, files, loader, status, content_hash AS "contentHash", count, image_shape AS "imageShape",
  class_names AS "classNames", class_counts AS "classCounts",
  images_sha256 AS "imagesSha256", labels_sha256 AS "labelsSha256", job_id AS "jobId", created_at AS "createdAt"`;

export async function insertDataset(
  db: Queryable,
  d: Pick<DatasetRow, 'id' | 'name' | 'source' | 'split' | 'files' | 'status' | 'jobId'>,
): Promise<DatasetRow | undefined> {
  const [row] = await db.query<DatasetRow>(
    `INSERT INTO dataset (id, name, source, split, files, status, job_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
    [d.id, d.name, d.source, d.split, d.files ? JSON.stringify(d.files) : null, d.status, d.jobId],
  );
  return row;
}

export async function completeDataset(
  db: Queryable,
  id: string,
  loaded: {
    contentHash: string;
    count: number;
    imageShape: number[];
    classNames: string[];
    classCounts: number[];
    loader: string;
    /** Null only for rows made without pixels (the server bench's synthetic dataset). */
    imagesSha256: string | null;
    labelsSha256: string | null;
  },
): Promise<DatasetRow | undefined> {
  const [row] = await db.query<DatasetRow>(
    `UPDATE dataset SET status = 'READY', content_hash = $2, count = $3, image_shape = $4, class_names = $5,
       class_counts = $6, loader = $7, images_sha256 = $8, labels_sha256 = $9 WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      loaded.contentHash,
      loaded.count,
      JSON.stringify(loaded.imageShape),
      JSON.stringify(loaded.classNames),
      JSON.stringify(loaded.classCounts),
      loaded.loader,
      loaded.imagesSha256,
      loaded.labelsSha256,
    ],
  );
  return row;
}

export function getDatasets(db: Queryable, ids: string[]): Promise<DatasetRow[]> {
  return db.query<DatasetRow>(`SELECT ${COLUMNS} FROM dataset WHERE id = ANY($1)`, [ids]);
}

export async function getDatasetByName(db: Queryable, name: string): Promise<DatasetRow | undefined> {
  const [row] = await db.query<DatasetRow>(`SELECT ${COLUMNS} FROM dataset WHERE name = $1`, [name]);
  return row;
}

/** Registered before migration 002: READY, but without stored pixels until a registration job stores them. */
export function lacksStoredPixels(row: DatasetRow): boolean {
  return row.imagesSha256 === null;
}

/** READY datasets whose pixels are not stored: registered before migration 002. */
export function getDatasetsWithoutPixels(db: Queryable): Promise<DatasetRow[]> {
  return db.query<DatasetRow>(
    `SELECT ${COLUMNS} FROM dataset WHERE status = 'READY' AND images_sha256 IS NULL ORDER BY created_at`,
  );
}

export interface DatasetFilter {
  status?: EntityStatus | null;
}

export function listDatasets(
  db: Queryable,
  filter: DatasetFilter,
  page: PageArgs,
): Promise<Page<DatasetRow>> {
  const w = createWhere();
  w.add('status = ?', filter.status);
  return selectPage<DatasetRow>(db, { table: 'dataset', columns: COLUMNS, ...w }, page);
}
