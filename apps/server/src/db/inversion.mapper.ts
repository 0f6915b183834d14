import type { EntityStatus } from '../schema/enums.js';
import type { Inversion } from '../schema/inversion.type.js';
import type { InversionBatch } from '../schema/inversion-batch.type.js';
import type { InversionPair } from '../schema/inversion-pair.type.js';
import type { InversionBatchRow, InversionRow, PairRow } from './inversion.queries.js';
import { toProvenance } from './provenance.mapper.js';

export function toInversion(row: InversionRow): Inversion {
  return {
    id: row.id,
    status: row.status as EntityStatus,
    pairCount: row.pairCount,
    pairSeed: row.pairSeed,
    parameters: row.params,
    batchCount: row.batchCount,
    batchesDone: row.batchesDone,
    progress: row.batchCount > 0 ? row.batchesDone / row.batchCount : 0,
    meanFinalLoss: row.meanFinalLoss,
    provenance: toProvenance(row.provenance),
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    modelId: row.modelId,
    datasetId: row.datasetId,
    jobId: row.jobId,
  };
}

export function toInversionBatch(row: InversionBatchRow): InversionBatch {
  return {
    index: row.batchIndex,
    imagesUrl: `/blobs/${row.imagesSha256}.npy`,
    previewUrl: row.previewSha256 ? `/blobs/${row.previewSha256}.png` : null,
    losses: row.losses,
    seedLosses: row.seedLosses,
    zeroGradientSteps: row.zeroGradientSteps,
    lossCurve: row.lossCurve,
    seconds: row.seconds,
    attempt: row.attempt,
  };
}

export function toInversionPairs(pairs: PairRow[]): InversionPair[] {
  return pairs.map((p, index) => ({ index, ...p }));
}
