/** The per-request loaders: one batched query per entity type and tick, READY rows from the ReadyCache. */
import { type ArchitectureRow, getArchitectures } from './architecture.queries.js';
import type { Queryable } from './database.js';
import { type DatasetRow, getDatasets } from './dataset.queries.js';
import { getInversions, type InversionRow } from './inversion.queries.js';
import { JOB_COLUMNS, type JobRow } from './job.queries.js';
import { createLoader, type Loader } from './loader.js';
import { getModels, type ModelRow } from './model.queries.js';
import type { ReadyCache } from './ready-cache.js';
import { getRobustAccuracies, type RobustAccuracyRow } from './robust-accuracy.queries.js';
import { getMatrices, type MatrixRow } from './similarity-matrix.queries.js';
import { getResults, type SimilarityResultRow } from './similarity-result.queries.js';
import { getStudies, type StudyRow } from './study.queries.js';

export interface Loaders {
  architecture: Loader<ArchitectureRow>;
  dataset: Loader<DatasetRow>;
  model: Loader<ModelRow>;
  robustness: Loader<RobustAccuracyRow>;
  inversion: Loader<InversionRow>;
  result: Loader<SimilarityResultRow>;
  matrix: Loader<MatrixRow>;
  study: Loader<StudyRow>;
  job: Loader<JobRow>;
}

const ready = (row: { status: string }) => row.status === 'READY';

/** Rows that can never change again: what the ReadyCache keeps and what cache hints call final. */
export const isFinal = {
  ready,
  // A READY dataset registered before stored pixels gets them later (register-catalog.ts): final only then.
  dataset: (d: DatasetRow) => ready(d) && d.imagesSha256 !== null,
  // A job that ended stays as it ended (job.queries.ts updates only jobs that have not).
  job: (j: { status: string }) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(j.status),
  // A zoo architecture is compute's code; an imported one gets its representation size from its first model.
  architecture: (a: ArchitectureRow) => a.origin === 'zoo' || a.representationSize !== null,
};

/** @param cache process-wide store of final rows; without it every load reads the database. */
export function createLoaders(db: Queryable, cache?: ReadyCache): Loaders {
  const byId = <R extends { id: string }>(
    kind: string,
    fetch: (db: Queryable, ids: string[]) => Promise<R[]>,
    final: ((row: R) => boolean) | undefined,
  ) =>
    createLoader<R>(
      (ids) => fetch(db, ids),
      (row) => row.id,
      cache && final && { cache, kind, final },
    );
  return {
    architecture: byId('architecture', getArchitectures, isFinal.architecture),
    // Read from the database each time: one row per request, and tests take stored pixels away from under a
    // running server to play an older one (dataset-images.test.ts).
    dataset: byId('dataset', getDatasets, undefined),
    model: byId('model', getModels, ready),
    robustness: byId('robustness', getRobustAccuracies, ready),
    inversion: byId('inversion', getInversions, ready),
    result: byId('result', getResults, ready),
    matrix: byId('matrix', getMatrices, ready),
    study: byId('study', getStudies, ready),
    job: byId<JobRow>(
      'job',
      (q, ids) => q.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM job WHERE id = ANY($1)`, [ids]),
      isFinal.job,
    ),
  };
}
