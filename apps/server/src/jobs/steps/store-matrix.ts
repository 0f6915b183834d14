/**
 * A finished matrix as the server stores it: compute's SimilarityMatrix (assembled from its cells by compute's
 * matrixFromCells or assembleStudyReport) reduced to its values and means, its trend by compute's
 * similarityTrend (the one trend, SPEC §6), and its provenance.
 */
import {
  type ComputeProvenance,
  codeVersion,
  type SimilarityMatrix,
  similarityTrend,
  type TrendModel,
} from '@simlab/compute';
import { describeBackend } from '../../compute/tasks/environment.js';
import type { DatasetRow } from '../../db/dataset.queries.js';
import type { ModelRow } from '../../db/model.queries.js';
import { completeMatrix, type MatrixRow } from '../../db/similarity-matrix.queries.js';
import type { JobContext } from '../../queue/job-context.js';
import { provenanceRecord } from './provenance.js';

/** What the trend needs of a model, with its name as the id the report and the trend show. */
export function trendModel(model: ModelRow): TrendModel & { weightsHash: string } {
  return {
    id: model.name,
    architecture: model.architectureId,
    eps: model.eps,
    // Standard models (eps 0) carry no norm; they join every norm's group of the trend.
    norm: (model.norm ?? 'l2') as TrendModel['norm'],
    weightsHash: model.weightsHash!,
  };
}

/** Where this job's compute runs (a compute child's backend and machine), for provenance. */
export async function computeProvenance(ctx: JobContext): Promise<ComputeProvenance> {
  const info = await ctx.compute.run('backend-info', {});
  return { codeVersion: codeVersion(), backend: info.backend, machine: info.machine };
}

export async function storeMatrix(
  ctx: JobContext,
  row: MatrixRow,
  matrix: SimilarityMatrix,
  inputs: { models: ModelRow[]; dataset: DatasetRow; provenance: ComputeProvenance; seconds: number },
): Promise<void> {
  const { models, dataset, provenance } = inputs;
  const trend = similarityTrend(models.map(trendModel), { [matrix.kind]: matrix });
  await completeMatrix(ctx.db, row.id, {
    offDiagonalMean: matrix.offDiagonalMean,
    values: matrix.values,
    trend,
    provenance: provenanceRecord(
      {
        codeVersion: provenance.codeVersion,
        backend: describeBackend(provenance.backend),
        machine: { ...provenance.machine },
      },
      {
        requestKey: row.requestKey,
        seed: row.params.sampleSeed,
        weightsHashes: models.map((m) => m.weightsHash!),
        datasetHash: dataset.contentHash,
        parameters: { metric: row.metric, source: row.source, ...row.params },
        timings: { seconds: inputs.seconds },
      },
    ),
  });
}
