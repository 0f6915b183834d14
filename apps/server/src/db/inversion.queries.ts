/** Rows of `inversion` and `inversion_batch`: an inverted dataset is stored batch by batch, as batches finish. */
import type { InversionSettings, NoiseDistribution } from '@simlab/compute';
import type { Queryable } from './database.js';
import type { EntityStatus } from './dataset.queries.js';
import { createWhere, type Page, type PageArgs, selectPage } from './page.js';

/**
 * compute's inversion settings (SPEC §4) and the representation layer matched; with `checkpoints`, the images at
 * those iterations are kept too (a study's convergence); with `seedNoise`, the seeds are noise and the targets the
 * pairs' targets (STIR's X', SPEC §5). Both are absent otherwise, so the keys of other inversions stay as they were.
 */
export type InversionParams = InversionSettings & {
  layer: string;
  checkpoints?: number[];
  seedNoise?: { distribution: NoiseDistribution; seed: number };
  /** A study's inversion: its pairs come from images from..to-1 of the dataset only; absent: the whole dataset. */
  imageRange?: { from: number; to: number };
};

/** A batch's images at one convergence checkpoint (a content-addressed .npy) and their losses. */
export interface BatchCheckpoint {
  iteration: number;
  imagesSha256: string;
  losses: number[];
}

export interface PairRow {
  seedIndex: number;
  targetIndex: number;
  seedLabel: number;
  targetLabel: number;
}

export interface InversionRow {
  id: string;
  modelId: string;
  datasetId: string;
  status: EntityStatus;
  params: InversionParams;
  pairCount: number;
  pairSeed: number;
  batchCount: number;
  batchesDone: number;
  meanFinalLoss: number | null;
  provenance: Record<string, unknown> | null;
  requestKey: string;
  jobId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface InversionBatchRow {
  inversionId: string;
  batchIndex: number;
  imagesSha256: string;
  previewSha256: string | null;
  /** Per pair of the batch: loss of the returned image, loss of the seed, zero-gradient iterations. */
  losses: number[];
  seedLosses: number[];
  zeroGradientSteps: number[];
  /** Mean loss over the batch of iterates 0..iterations. */
  lossCurve: number[];
  seconds: number;
  /** The job attempt (retryCount) that computed it: shows which batches a resumed attempt redid. */
  attempt: number;
  /** With params.checkpoints: the batch at each checkpoint, in iteration order; null otherwise. */
  checkpoints: BatchCheckpoint[] | null;
}

const COLUMNS = `id, model_id AS "modelId", dataset_id AS "datasetId", status, params, pair_count AS "pairCount",
  pair_seed AS "pairSeed", batch_count AS "batchCount", batches_done AS "batchesDone",
  mean_final_loss AS "meanFinalLoss", provenance, request_key AS "requestKey", job_id AS "jobId",
  created_at AS "createdAt", finished_at AS "finishedAt"`;

const BATCH_COLUMNS = `inversion_id AS "inversionId", batch_index AS "batchIndex", images_sha256 AS "imagesSha256",
  preview_sha256 AS "previewSha256", losses, seed_losses AS "seedLosses", zero_gradient_steps AS "zeroGradientSteps",
  loss_curve AS "lossCurve", seconds, attempt, checkpoints`;

export type NewInversion = Pick<
  InversionRow,
  'id' | 'modelId' | 'datasetId' | 'params' | 'pairCount' | 'pairSeed' | 'batchCount' | 'requestKey' | 'jobId'
>;

export async function insertInversion(db: Queryable, i: NewInversion): Promise<InversionRow | undefined> {
  const [row] = await db.query<InversionRow>(
    `INSERT INTO inversion (id, model_id, dataset_id, status, params, pair_count, pair_seed, batch_count, request_key, job_id)
     VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $8, $9) ON CONFLICT (request_key) DO NOTHING RETURNING ${COLUMNS}`,
    [
      i.id,
      i.modelId,
      i.datasetId,
      JSON.stringify(i.params),
      i.pairCount,
      i.pairSeed,
      i.batchCount,
      i.requestKey,
      i.jobId,
    ],
  );
  return row;
}

export function getInversions(db: Queryable, ids: string[]): Promise<InversionRow[]> {
  return db.query<InversionRow>(`SELECT ${COLUMNS} FROM inversion WHERE id = ANY($1)`, [ids]);
}

export async function getInversionByKey(db: Queryable, key: string): Promise<InversionRow | undefined> {
  const [row] = await db.query<InversionRow>(`SELECT ${COLUMNS} FROM inversion WHERE request_key = $1`, [
    key,
  ]);
  return row;
}

export async function getPairs(db: Queryable, id: string): Promise<PairRow[] | null> {
  const [row] = await db.query<{ pairs: PairRow[] | null }>('SELECT pairs FROM inversion WHERE id = $1', [
    id,
  ]);
  return row?.pairs ?? null;
}

/** Whether the pairs are sampled, without reading them (up to 100,000 of them). */
export async function hasPairs(db: Queryable, id: string): Promise<boolean> {
  const [row] = await db.query<{ sampled: boolean }>(
    'SELECT pairs IS NOT NULL AS sampled FROM inversion WHERE id = $1',
    [id],
  );
  return row?.sampled ?? false;
}

export async function setPairs(db: Queryable, id: string, pairs: PairRow[]): Promise<void> {
  await db.query('UPDATE inversion SET pairs = $2 WHERE id = $1 AND pairs IS NULL', [
    id,
    JSON.stringify(pairs),
  ]);
}

/** Stores a finished batch once (a retried attempt that recomputes it keeps the first) and counts it. */
export async function insertBatch(db: Queryable, b: InversionBatchRow): Promise<void> {
  const inserted = await db.query(
    `INSERT INTO inversion_batch (inversion_id, batch_index, images_sha256, preview_sha256, losses, seed_losses,
       zero_gradient_steps, loss_curve, seconds, attempt, checkpoints)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT DO NOTHING RETURNING batch_index`,
    [
      b.inversionId,
      b.batchIndex,
      b.imagesSha256,
      b.previewSha256,
      JSON.stringify(b.losses),
      JSON.stringify(b.seedLosses),
      JSON.stringify(b.zeroGradientSteps),
      JSON.stringify(b.lossCurve),
      b.seconds,
      b.attempt,
      b.checkpoints === null ? null : JSON.stringify(b.checkpoints),
    ],
  );
  if (inserted.length > 0) {
    await db.query('UPDATE inversion SET batches_done = batches_done + 1 WHERE id = $1', [b.inversionId]);
  }
}

export function listBatches(db: Queryable, inversionId: string): Promise<InversionBatchRow[]> {
  return db.query<InversionBatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM inversion_batch WHERE inversion_id = $1 ORDER BY batch_index`,
    [inversionId],
  );
}

export async function completeInversion(
  db: Queryable,
  id: string,
  done: { meanFinalLoss: number; provenance: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `UPDATE inversion SET status = 'READY', mean_final_loss = $2, provenance = $3, finished_at = now() WHERE id = $1`,
    [id, done.meanFinalLoss, JSON.stringify(done.provenance)],
  );
}

export interface InversionFilter {
  modelId?: string | null;
  datasetId?: string | null;
  status?: EntityStatus | null;
}

export function listInversions(
  db: Queryable,
  filter: InversionFilter,
  page: PageArgs,
): Promise<Page<InversionRow>> {
  const w = createWhere();
  w.add('model_id = ?', filter.modelId);
  w.add('dataset_id = ?', filter.datasetId);
  w.add('status = ?', filter.status);
  return selectPage<InversionRow>(db, { table: 'inversion', columns: COLUMNS, ...w }, page);
}
