/** computeMatrix: a natural or inverted similarity matrix over 2 to 50 READY models (SPEC §5). */
import { InvalidArgumentError } from '@simlab/compute';
import type { Principal } from '../auth/roles.js';
import { insertOrGetMatrix } from '../db/insert-or-get.js';
import { type MatrixSpec, matrixKey } from '../db/keys.js';
import type { Loaders } from '../db/loaders.js';
import type { ModelRow } from '../db/model.queries.js';
import { getMatrixByKey, type MatrixRow } from '../db/similarity-matrix.queries.js';
import type { StartMatrixInput } from '../schema/start-matrix.input.js';
import type { Services } from '../services.js';
import { assertPairCount, DEFAULT_LAYER, inversionParams } from './inversion.request.js';
import { assertModelsHaveLayer } from './model-layers.js';
import { requireReady } from './require-ready.js';
import { assertModelFitsDataset } from './shapes.js';
import { DEFAULT_SAMPLE_LIMIT, similarityParams } from './similarity.request.js';
import { type Submitted, submit } from './submit.js';

/** Checks the models and dataset and resolves every parameter; shared with startStudy. */
export async function resolveMatrixSpec(loaders: Loaders, input: StartMatrixInput): Promise<MatrixSpec> {
  const repeated = input.modelIds.find((id, i) => input.modelIds.indexOf(id) !== i);
  if (repeated)
    throw new InvalidArgumentError(
      `model ${repeated} appears twice in modelIds; each row and column is one model`,
    );
  const models: ModelRow[] = [];
  for (const id of input.modelIds) models.push(await requireReady(loaders.model, 'model', id));
  const dataset = await requireReady(loaders.dataset, 'dataset', input.datasetId);
  for (const model of models) assertModelFitsDataset(model, dataset);
  const source = input.source as 'natural' | 'inverted';
  let sampleCount: number | null = null;
  if (source === 'natural') {
    if (input.pairCount || input.inversion)
      throw new InvalidArgumentError('pairCount and inversion apply to INVERTED matrices');
    sampleCount = input.sampleCount ?? Math.min(dataset.count ?? 0, DEFAULT_SAMPLE_LIMIT);
    if (sampleCount > (dataset.count ?? 0)) {
      throw new InvalidArgumentError(
        `sampleCount ${sampleCount} exceeds the ${dataset.count} images of dataset ${dataset.name}`,
      );
    }
  } else {
    if (input.sampleCount)
      throw new InvalidArgumentError('sampleCount applies to NATURAL matrices; INVERTED ones use pairCount');
    if (!input.pairCount)
      throw new InvalidArgumentError(
        'an INVERTED matrix needs pairCount: the pairs inverted through each row model',
      );
    assertPairCount(dataset, input.pairCount);
  }
  return {
    metric: input.metric,
    source,
    models,
    dataset,
    params: {
      ...similarityParams(input.options, sampleCount),
      layer: input.layer ?? DEFAULT_LAYER,
      pairCount: source === 'inverted' ? input.pairCount! : null,
      pairSeed: source === 'inverted' ? input.pairSeed : null,
      inversion: source === 'inverted' ? inversionParams(input.inversion) : null,
    },
  };
}

/** Every model has the cells' layer and, for an INVERTED matrix, the layer its inversions match. */
export async function assertMatrixLayers(services: Services, spec: MatrixSpec): Promise<void> {
  await assertModelsHaveLayer(services.blobs, spec.models, spec.params.layer);
  if (spec.params.inversion)
    await assertModelsHaveLayer(services.blobs, spec.models, spec.params.inversion.layer);
}

export async function startMatrix(
  services: Services,
  loaders: Loaders,
  principal: Principal,
  input: StartMatrixInput,
): Promise<Submitted<MatrixRow>> {
  const spec = await resolveMatrixSpec(loaders, input);
  await assertMatrixLayers(services, spec);
  const key = matrixKey(spec);
  return submit<MatrixRow>({
    services,
    createdBy: principal.tokenId,
    kind: 'matrix',
    subjectType: 'SimilarityMatrix',
    existing: () => getMatrixByKey(services.db, key),
    insert: async () => {
      const { row, created } = await insertOrGetMatrix(services.db, spec);
      return created ? row : undefined;
    },
  });
}
