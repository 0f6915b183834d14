/**
 * Insert-or-get of computed entities by provenance key (keys.ts): a request and every job attempt that needs
 * the same result find one row, whoever inserted it first (the key is UNIQUE; a lost race reads the winner).
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './database.js';
import { getInversionByKey, type InversionRow, insertInversion } from './inversion.queries.js';
import { type InversionSpec, inversionKey, type MatrixSpec, matrixKey } from './keys.js';
import { getMatrixByKey, insertMatrix, type MatrixRow } from './similarity-matrix.queries.js';

/** Inserts the PENDING inversion unless one exists under the same key; returns the stored row either way. */
export async function insertOrGetInversion(
  db: Queryable,
  spec: InversionSpec,
  jobId: string | null,
): Promise<InversionRow> {
  const key = inversionKey(spec);
  const inserted = await insertInversion(db, {
    id: randomUUID(),
    modelId: spec.model.id,
    datasetId: spec.dataset.id,
    params: spec.params,
    pairCount: spec.pairCount,
    pairSeed: spec.pairSeed,
    batchCount: Math.ceil(spec.pairCount / spec.params.batchSize),
    requestKey: key,
    jobId,
  });
  return inserted ?? (await getInversionByKey(db, key))!;
}

/** Inserts the PENDING matrix unless one exists under the same key; returns the stored row either way. */
export async function insertOrGetMatrix(
  db: Queryable,
  spec: MatrixSpec,
): Promise<{ row: MatrixRow; created: boolean }> {
  const key = matrixKey(spec);
  const row = await insertMatrix(db, {
    id: randomUUID(),
    metric: spec.metric,
    source: spec.source,
    datasetId: spec.dataset.id,
    modelIds: spec.models.map((m) => m.id),
    params: spec.params,
    requestKey: key,
    jobId: null,
  });
  return row ? { row, created: true } : { row: (await getMatrixByKey(db, key))!, created: false };
}
