/** computeSimilarity: CKA between two READY models on natural images or on a READY inversion. */
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '@simlab/compute';
import type { Principal } from '../auth/roles.js';
import { similarityKey } from '../db/keys.js';
import type { Loaders } from '../db/loaders.js';
import {
  getResultByKey,
  insertOrGetResult,
  type SimilarityParams,
  type SimilarityResultRow,
} from '../db/similarity-result.queries.js';
import type { SimilarityOptionsInput } from '../schema/similarity-options.input.js';
import type { StartSimilarityInput } from '../schema/start-similarity.input.js';
import type { Services } from '../services.js';
import { DEFAULT_LAYER, definedFields } from './inversion.request.js';
import { assertModelsHaveLayer } from './model-layers.js';
import { requireReady } from './require-ready.js';
import { assertModelFitsDataset } from './shapes.js';
import { type Submitted, submit } from './submit.js';

/** Natural similarity samples at most this many images unless asked for more (CKA cost grows with n). */
export const DEFAULT_SAMPLE_LIMIT = 10_000;

/** What a request that omits the cell statistics gets: none, at the usual 95% level, seed 0. */
export const DEFAULT_SIMILARITY_OPTIONS = {
  nullPermutations: 0,
  bootstrapResamples: 0,
  confidenceLevel: 0.95,
  seed: 0,
};

/**
 * The options asked for over `base` (a study preset's, or DEFAULT_SIMILARITY_OPTIONS).
 * @throws InvalidArgumentError for a single resample.
 */
export function similarityParams(
  options: SimilarityOptionsInput | null | undefined,
  sampleCount: number | null,
  base: typeof DEFAULT_SIMILARITY_OPTIONS = DEFAULT_SIMILARITY_OPTIONS,
): SimilarityParams {
  const o = { ...base, ...definedFields(options ?? {}) };
  if (o.bootstrapResamples === 1) {
    throw new InvalidArgumentError('bootstrapResamples must be 0 (no interval) or at least 2');
  }
  return {
    sampleCount,
    sampleSeed: o.seed,
    nullPermutations: o.nullPermutations,
    bootstrapResamples: o.bootstrapResamples,
    confidenceLevel: o.confidenceLevel,
    rbfThreshold: 0.5,
    minibatchSize: 256,
  };
}

export async function startSimilarity(
  services: Services,
  loaders: Loaders,
  principal: Principal,
  input: StartSimilarityInput,
): Promise<Submitted<SimilarityResultRow>> {
  const hasDataset = Boolean(input.datasetId);
  if (hasDataset === Boolean(input.inversionId)) {
    throw new InvalidArgumentError(
      'give exactly one of datasetId (natural images) and inversionId (an inverted dataset)',
    );
  }
  const modelA = await requireReady(loaders.model, 'model', input.modelAId);
  const modelB = await requireReady(loaders.model, 'model', input.modelBId);
  const inversion = input.inversionId
    ? await requireReady(loaders.inversion, 'inversion', input.inversionId)
    : undefined;
  const dataset = await requireReady(loaders.dataset, 'dataset', input.datasetId ?? inversion!.datasetId);
  assertModelFitsDataset(modelA, dataset);
  assertModelFitsDataset(modelB, dataset);
  let sampleCount: number | null = null;
  if (!inversion) {
    sampleCount = input.sampleCount ?? Math.min(dataset.count ?? 0, DEFAULT_SAMPLE_LIMIT);
    if (sampleCount > (dataset.count ?? 0)) {
      throw new InvalidArgumentError(
        `sampleCount ${sampleCount} exceeds the ${dataset.count} images of dataset ${dataset.name}`,
      );
    }
  } else if (input.sampleCount) {
    throw new InvalidArgumentError('sampleCount applies to natural images; an inversion is used whole');
  }
  const params = similarityParams(input.options, sampleCount);
  const layerA = input.layerA ?? DEFAULT_LAYER;
  const layerB = input.layerB ?? DEFAULT_LAYER;
  await assertModelsHaveLayer(services.blobs, [modelA], layerA);
  await assertModelsHaveLayer(services.blobs, [modelB], layerB);
  const key = similarityKey({
    metric: input.metric,
    modelA,
    modelB,
    layerA,
    layerB,
    dataset,
    inversionKey: inversion?.requestKey ?? null,
    params,
  });
  return submit<SimilarityResultRow>({
    services,
    createdBy: principal.tokenId,
    kind: 'similarity',
    subjectType: 'SimilarityResult',
    existing: () => getResultByKey(services.db, key),
    insert: async () => {
      const { row, created: isNew } = await insertOrGetResult(services.db, {
        id: randomUUID(),
        metric: input.metric,
        modelAId: modelA.id,
        modelBId: modelB.id,
        layerA,
        layerB,
        datasetId: dataset.id,
        inversionId: inversion?.id ?? null,
        params,
        requestKey: key,
        jobId: null,
      });
      return isNew ? row : undefined;
    },
  });
}
