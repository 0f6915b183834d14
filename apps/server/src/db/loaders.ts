/** The per-request loaders: one batched query per entity type and tick. */
import { type ArchitectureRow, getArchitectures } from './architecture.queries.js';
import type { Queryable } from './database.js';
import { type DatasetRow, getDatasets } from './dataset.queries.js';
import { getInversions, type InversionRow } from './inversion.queries.js';
import { JOB_COLUMNS, type JobRow } from './job.queries.js';
import { createLoader, type Loader } from './loader.js';
import { getModels, type ModelRow } from './model.queries.js';
import { getRobustness, type RobustnessRow } from './robustness.queries.js';
import { getMatrices, type MatrixRow } from './similarity-matrix.queries.js';
import { getResults, type SimilarityResultRow } from './similarity-result.queries.js';
import { getStudies, type StudyRow } from './study.queries.js';

export interface Loaders {
  architecture: Loader<ArchitectureRow>;
  dataset: Loader<DatasetRow>;
  model: Loader<ModelRow>;
  robustness: Loader<RobustnessRow>;
  inversion: Loader<InversionRow>;
  result: Loader<SimilarityResultRow>;
  matrix: Loader<MatrixRow>;
  study: Loader<StudyRow>;
  job: Loader<JobRow>;
}

export function createLoaders(db: Queryable): Loaders {
  const byId = <R extends { id: string }>(fetch: (db: Queryable, ids: string[]) => Promise<R[]>) =>
    createLoader<R>(
      (ids) => fetch(db, ids),
      (row) => row.id,
    );
  return {
    architecture: byId(getArchitectures),
    dataset: byId(getDatasets),
    model: byId(getModels),
    robustness: byId(getRobustness),
    inversion: byId(getInversions),
    result: byId(getResults),
    matrix: byId(getMatrices),
    study: byId(getStudies),
    job: byId((q, ids) => q.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM job WHERE id = ANY($1)`, [ids])),
  };
}
