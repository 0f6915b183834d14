import type { EntityStatus } from '../schema/enums.js';
import type { Study } from '../schema/study.type.js';
import type { StudyRow } from './study.queries.js';

export function toStudy(row: StudyRow): Study {
  return {
    id: row.id,
    name: row.name,
    status: row.status as EntityStatus,
    spec: row.spec,
    report: row.report as unknown as Record<string, unknown> | null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    datasetId: row.datasetId,
    modelIds: row.spec.modelIds,
    naturalMatrixId: row.naturalMatrixId,
    invertedMatrixId: row.invertedMatrixId,
    jobId: row.jobId,
  };
}
