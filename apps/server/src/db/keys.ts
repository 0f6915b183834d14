/**
 * The provenance key of each computed entity (SPEC §7): sha256 of the canonical JSON of everything that decides
 * the result: the inputs' content hashes, every parameter, the seed and the code version (request-key.ts).
 * Requests look results up by these keys; jobs store results under them, so a retry or a second request
 * finds what is stored instead of computing it again.
 */
import { codeVersion } from '@simlab/compute';
import type { DatasetRow } from './dataset.queries.js';
import type { InversionParams } from './inversion.queries.js';
import type { ModelRow } from './model.queries.js';
import { requestKey } from './request-key.js';
import type { RobustAccuracyParams } from './robust-accuracy.queries.js';
import type { MatrixParams } from './similarity-matrix.queries.js';
import type { SimilarityParams } from './similarity-result.queries.js';

export interface InversionSpec {
  model: ModelRow;
  dataset: DatasetRow;
  pairCount: number;
  pairSeed: number;
  params: InversionParams;
}

export function inversionKey(spec: InversionSpec): string {
  return requestKey({
    kind: 'inversion',
    weightsHash: spec.model.weightsHash,
    datasetHash: spec.dataset.contentHash,
    pairCount: spec.pairCount,
    pairSeed: spec.pairSeed,
    params: spec.params,
    codeVersion: codeVersion(),
  });
}

export interface MatrixSpec {
  metric: string;
  source: 'natural' | 'inverted';
  models: ModelRow[];
  dataset: DatasetRow;
  params: MatrixParams;
}

export function matrixKey(spec: MatrixSpec): string {
  return requestKey({
    kind: 'matrix',
    metric: spec.metric,
    source: spec.source,
    weightsHashes: spec.models.map((m) => m.weightsHash),
    datasetHash: spec.dataset.contentHash,
    params: spec.params,
    codeVersion: codeVersion(),
  });
}

export interface SimilaritySpec {
  metric: string;
  modelA: ModelRow;
  modelB: ModelRow;
  layerA: string;
  layerB: string;
  dataset: DatasetRow;
  /** The inversion's request key for inverted images; null for natural ones. */
  inversionKey: string | null;
  params: SimilarityParams;
}

/** Shared by computeSimilarity and matrix cells, so a cell answers the identical single request. */
export function similarityKey(spec: SimilaritySpec): string {
  return requestKey({
    kind: 'similarity',
    metric: spec.metric,
    weightsA: spec.modelA.weightsHash,
    weightsB: spec.modelB.weightsHash,
    layerA: spec.layerA,
    layerB: spec.layerB,
    datasetHash: spec.dataset.contentHash,
    inversionKey: spec.inversionKey,
    params: spec.params,
    codeVersion: codeVersion(),
  });
}

/** A robust accuracy (SPEC §6): a model's accuracy on a dataset under one attack. */
export function robustAccuracyKey(
  weightsHash: string | null,
  datasetHash: string | null,
  params: RobustAccuracyParams,
): string {
  return requestKey({
    kind: 'robust-accuracy',
    weightsHash,
    datasetHash,
    ...params,
    codeVersion: codeVersion(),
  });
}
