/**
 * One computed cell stored as a SimilarityResult under its provenance key (db/keys.ts similarityKey): inserted
 * PENDING (or found), then completed with compute's whole cell, its prediction agreement and provenance. A key
 * already stored READY keeps the stored result. Shared by every step that computes cells: runCells (natural,
 * inverted and convergence cells) and the study's STIR rows.
 */
import { randomUUID } from 'node:crypto';
import type { MatrixCell, PredictionAgreement } from '@simlab/compute';
import type { ComputeEnvironment } from '../../compute/tasks/task-inputs.js';
import type { DatasetRow } from '../../db/dataset.queries.js';
import { similarityKey } from '../../db/keys.js';
import type { ModelRow } from '../../db/model.queries.js';
import {
  completeResult,
  getResultsByKeys,
  insertOrGetResult,
  type SimilarityParams,
  type SimilarityResultRow,
} from '../../db/similarity-result.queries.js';
import type { JobContext } from '../../queue/job-context.js';
import { provenanceRecord } from './provenance.js';

/** What decides a cell's result. */
export interface CellResultSpec {
  metric: string;
  modelA: ModelRow;
  modelB: ModelRow;
  layerA: string;
  layerB: string;
  dataset: DatasetRow;
  /** The inversion whose images the cell compares (id and request key); null for natural images. */
  inversion: { id: string; requestKey: string } | null;
  params: SimilarityParams;
}

export interface ComputedCell {
  cell: MatrixCell;
  agreement: PredictionAgreement | null;
  /** sha256 of the dataset indices of natural images. */
  indicesHash: string | null;
  seconds: number;
}

export function cellResultKey(spec: CellResultSpec): string {
  return similarityKey({
    metric: spec.metric,
    modelA: spec.modelA,
    modelB: spec.modelB,
    layerA: spec.layerA,
    layerB: spec.layerB,
    dataset: spec.dataset,
    inversionKey: spec.inversion?.requestKey ?? null,
    params: spec.params,
  });
}

/** Stores `computed` under the spec's key, unless a READY result is stored there already (returned as is). */
export async function storeCellResult(
  ctx: JobContext,
  spec: CellResultSpec,
  computed: ComputedCell,
  environment: ComputeEnvironment,
): Promise<SimilarityResultRow> {
  const requestKey = cellResultKey(spec);
  const { row } = await insertOrGetResult(ctx.db, {
    id: randomUUID(),
    metric: spec.metric,
    modelAId: spec.modelA.id,
    modelBId: spec.modelB.id,
    layerA: spec.layerA,
    layerB: spec.layerB,
    datasetId: spec.dataset.id,
    inversionId: spec.inversion?.id ?? null,
    params: spec.params,
    requestKey,
    jobId: ctx.job.id,
  });
  if (row.status === 'READY') return row;
  return completeResult(ctx.db, row.id, {
    cell: computed.cell,
    agreement: computed.agreement,
    provenance: provenanceRecord(environment, {
      requestKey,
      seed: spec.params.sampleSeed,
      weightsHashes: [spec.modelA.weightsHash!, spec.modelB.weightsHash!],
      datasetHash: spec.dataset.contentHash,
      indicesHash: computed.indicesHash,
      parameters: { metric: spec.metric, layerA: spec.layerA, layerB: spec.layerB, ...spec.params },
      timings: { seconds: computed.seconds },
    }),
  });
}

/**
 * The READY results, holding compute's cell, stored under the specs' keys: index i is specs[i]'s, or undefined
 * (not stored, not finished, or stored before migration 004 kept compute's cells: computed again).
 */
export async function findStoredCells(
  ctx: JobContext,
  specs: readonly CellResultSpec[],
): Promise<(SimilarityResultRow | undefined)[]> {
  const keys = specs.map(cellResultKey);
  const stored = new Map((await getResultsByKeys(ctx.db, keys)).map((r) => [r.requestKey, r]));
  return keys.map((key) => {
    const row = stored.get(key);
    return row?.status === 'READY' && row.cell ? row : undefined;
  });
}
