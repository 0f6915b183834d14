import type { EntityStatus, Metric } from '../schema/enums.js';
import { SimilaritySource } from '../schema/enums.js';
import type { SimilarityResult } from '../schema/similarity-result.type.js';
import { toCkaStatistics } from './cell-statistics.mapper.js';
import { toProvenance } from './provenance.mapper.js';
import type { SimilarityResultRow } from './similarity-result.queries.js';

export function toSimilarityResult(row: SimilarityResultRow): SimilarityResult {
  const p = row.params;
  return {
    id: row.id,
    metric: row.metric as Metric,
    source: row.inversionId ? SimilaritySource.INVERTED : SimilaritySource.NATURAL,
    layerA: row.layerA,
    layerB: row.layerB,
    status: row.status as EntityStatus,
    value: row.value,
    n: row.n,
    p: row.p,
    q: row.q,
    nullBaseline:
      row.nullMean === null
        ? null
        : {
            mean: row.nullMean,
            std: row.nullStd ?? 0,
            permutations: p.nullPermutations,
            pValue: row.cell?.nullBaseline?.pValue ?? null,
          },
    confidenceInterval:
      row.ciLow === null || row.ciHigh === null
        ? null
        : { low: row.ciLow, high: row.ciHigh, level: p.confidenceLevel, resamples: p.bootstrapResamples },
    debiased: toCkaStatistics(row.cell?.debiased, 'debiased', row.n),
    biased: toCkaStatistics(row.cell?.biased, 'biased', row.n),
    agreement: row.agreement,
    checkpointIteration: p.checkpoint ?? null,
    stir: p.stir === true,
    provenance: toProvenance(row.provenance),
    createdAt: row.createdAt,
    modelAId: row.modelAId,
    modelBId: row.modelBId,
    datasetId: row.datasetId,
    inversionId: row.inversionId,
    jobId: row.jobId,
  };
}
