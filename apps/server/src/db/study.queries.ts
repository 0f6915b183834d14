/** Rows of `study`: a requested experiment, the matrices it produced and its assembled report. */
import type { StudyImages, StudyParams, StudyReport } from '@simlab/compute';
import type { Queryable } from './database.js';
import type { EntityStatus } from './dataset.queries.js';
import { type Page, type PageArgs, selectPage } from './page.js';
import type { MatrixParams } from './similarity-matrix.queries.js';
import type { SimilarityParams } from './similarity-result.queries.js';

/** What a study row keeps of its request: the models, and compute's parameters with every default filled in. */
export interface StudySpec extends Record<string, unknown> {
  name: string;
  modelIds: string[];
  datasetId: string;
  metric: string;
  params: StudyParams;
  /**
   * The images the pairs are drawn from (compute's chooseStudyImages at request time); absent for studies
   * requested before the server shared the CLI's rule (their pairs came from the whole dataset).
   */
  images?: StudyImages;
  /** The same parameters as its matrices and cells are stored and keyed. */
  matrices: StudyMatrices;
}

export interface StudyMatrices {
  natural: MatrixParams;
  inverted: MatrixParams;
  naturalCells: SimilarityParams;
  invertedCells: SimilarityParams;
}

export interface StudyRow {
  id: string;
  name: string;
  status: EntityStatus;
  spec: StudySpec;
  datasetId: string;
  naturalMatrixId: string | null;
  invertedMatrixId: string | null;
  /** compute's StudyReport (the CLI's report.json), once READY; null for studies finished before migration 004. */
  report: StudyReport | null;
  requestKey: string;
  jobId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, name, status, spec, dataset_id AS "datasetId", natural_matrix_id AS "naturalMatrixId",
  inverted_matrix_id AS "invertedMatrixId", report, request_key AS "requestKey", job_id AS "jobId", created_at AS "createdAt",
  finished_at AS "finishedAt"`;

export async function insertStudy(
  db: Queryable,
  s: Pick<StudyRow, 'id' | 'name' | 'spec' | 'datasetId' | 'requestKey' | 'jobId'>,
): Promise<StudyRow | undefined> {
  const [row] = await db.query<StudyRow>(
    `INSERT INTO study (id, name, status, spec, dataset_id, request_key, job_id) VALUES ($1, $2, 'PENDING', $3, $4, $5, $6)
     ON CONFLICT (request_key) DO NOTHING RETURNING ${COLUMNS}`,
    [s.id, s.name, JSON.stringify(s.spec), s.datasetId, s.requestKey, s.jobId],
  );
  return row;
}

export function getStudies(db: Queryable, ids: string[]): Promise<StudyRow[]> {
  return db.query<StudyRow>(`SELECT ${COLUMNS} FROM study WHERE id = ANY($1)`, [ids]);
}

export async function getStudyByKey(db: Queryable, key: string): Promise<StudyRow | undefined> {
  const [row] = await db.query<StudyRow>(`SELECT ${COLUMNS} FROM study WHERE request_key = $1`, [key]);
  return row;
}

export async function updateStudy(
  db: Queryable,
  id: string,
  change: { status?: EntityStatus; naturalMatrixId?: string; invertedMatrixId?: string; finished?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE study SET status = coalesce($2, status), natural_matrix_id = coalesce($3, natural_matrix_id),
       inverted_matrix_id = coalesce($4, inverted_matrix_id), finished_at = CASE WHEN $5 THEN now() ELSE finished_at END
     WHERE id = $1`,
    [
      id,
      change.status ?? null,
      change.naturalMatrixId ?? null,
      change.invertedMatrixId ?? null,
      change.finished ?? false,
    ],
  );
}

/** READY with its report. */
export async function completeStudy(db: Queryable, id: string, report: StudyReport): Promise<void> {
  await db.query(`UPDATE study SET status = 'READY', report = $2, finished_at = now() WHERE id = $1`, [
    id,
    JSON.stringify(report),
  ]);
}

export function listStudies(db: Queryable, page: PageArgs): Promise<Page<StudyRow>> {
  return selectPage<StudyRow>(db, { table: 'study', columns: COLUMNS, where: [], params: [] }, page);
}
