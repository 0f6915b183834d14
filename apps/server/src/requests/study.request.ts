/**
 * startStudy: the reproduction study (SPEC §1, §5, §6) over a set of READY models, with compute's presets and
 * parameters (resolveStudyParams): the same study `simlab study` runs, through the same pipeline.
 */
import { randomUUID } from 'node:crypto';
import {
  chooseStudyImages,
  codeVersion,
  InvalidArgumentError,
  type ModelCard,
  resolveStudyParams,
  type StirSettingsOverrides,
  type StudyImages,
  type StudyParams,
  sampleStudyPairs,
} from '@simlab/compute';
import type { Principal } from '../auth/roles.js';
import type { BlobStore } from '../db/blob-store.js';
import type { DatasetRow } from '../db/dataset.queries.js';
import type { Loaders } from '../db/loaders.js';
import type { ModelRow } from '../db/model.queries.js';
import { requestKey } from '../db/request-key.js';
import {
  getStudyByKey,
  insertStudy,
  type StudyMatrices,
  type StudyRow,
  type StudySpec,
} from '../db/study.queries.js';
import { readDatasetLabels } from '../images/dataset-samples.js';
import { storedSliceHash } from '../images/dataset-slice-hash.js';
import type { StartStudyInput } from '../schema/start-study.input.js';
import type { Services } from '../services.js';
import { DEFAULT_LAYER, definedFields, inversionParams } from './inversion.request.js';
import { assertModelsHaveLayer } from './model-layers.js';
import { requireReady } from './require-ready.js';
import { assertModelFitsDataset } from './shapes.js';
import { similarityParams } from './similarity.request.js';
import { type Submitted, submit } from './submit.js';

/**
 * compute's study parameters for the request: the preset's, with each field the request gives.
 * @throws InvalidArgumentError for a value out of range (compute's checks).
 */
export function studyParams(input: StartStudyInput): StudyParams {
  const options = definedFields(input.options ?? {});
  return resolveStudyParams(input.preset, {
    metric: input.metric,
    pairs: input.pairCount ?? undefined,
    pairSeed: input.pairSeed ?? undefined,
    layer: DEFAULT_LAYER,
    nullPermutations: options.nullPermutations,
    bootstrapResamples: options.bootstrapResamples,
    confidence: options.confidenceLevel,
    statsSeed: options.seed,
    inversion: definedFields(input.inversion ?? {}),
    convergence: input.convergence ?? undefined,
    stir: stirOverrides(input.stir),
  });
}

/** compute's STIR overrides for the request: undefined keeps the preset's, false turns STIR off. */
function stirOverrides(stir: StartStudyInput['stir']): StirSettingsOverrides | false | undefined {
  if (!stir) return undefined;
  if (!stir.enabled) return false;
  return {
    noise: stir.noise ?? undefined,
    noiseSeed: stir.noiseSeed ?? undefined,
    inversion: definedFields({
      iterations: stir.iterations ?? undefined,
      stepSize: stir.stepSize ?? undefined,
      batchSize: stir.batchSize ?? undefined,
    }),
  };
}

/**
 * The parameters of the study's two matrices (rows of `similarity_matrix`) and of their cells. The natural
 * images are the pairs' targets (`pairCount`, `pairSeed` set on the natural matrix, `pairTargetsSeed` on its
 * cells), as in compute's plan. Pairs drawn from part of the dataset (`images`, not all of it) set
 * `imageRange` on the matrices, the natural cells and the inversions, so they are keyed apart from pairs drawn
 * from the whole dataset (absent then: keys are what they were).
 */
export function studyMatrixParams(
  params: StudyParams,
  images?: StudyImages,
  datasetCount?: number,
): StudyMatrices {
  const layer = params.layer ?? DEFAULT_LAYER;
  const range =
    images && !(images.from === 0 && images.to === datasetCount)
      ? { imageRange: { from: images.from, to: images.to } }
      : {};
  const base = {
    nullPermutations: params.nullPermutations,
    bootstrapResamples: params.bootstrapResamples,
    confidenceLevel: params.confidence,
    seed: params.statsSeed,
  };
  const naturalCells = {
    ...similarityParams(null, params.pairs, base),
    pairTargetsSeed: params.pairSeed,
    ...range,
  };
  const invertedCells = similarityParams(null, null, base);
  const pairs = { layer, pairCount: params.pairs, pairSeed: params.pairSeed, ...range };
  return {
    natural: { ...similarityParams(null, params.pairs, base), ...pairs, inversion: null },
    inverted: {
      ...invertedCells,
      ...pairs,
      inversion: { ...inversionParams(params.inversion, {}, layer), ...range },
    },
    naturalCells,
    invertedCells,
  };
}

/**
 * The images a study of these models draws its pairs from: compute's chooseStudyImages (the rule `simlab study`
 * follows) on the models' cards, checked against the stored pixels. Imported models have no card: noted.
 * @throws InvalidArgumentError for models trained on another dataset than this one (Fashion-MNIST zoo models on
 *   MNIST digits), or on two datasets.
 */
export function studyImages(
  blobs: BlobStore,
  models: readonly ModelRow[],
  dataset: DatasetRow,
): Promise<StudyImages> {
  return chooseStudyImages({
    dataset: {
      name: dataset.name,
      source: dataset.source,
      hash: dataset.contentHash!,
      count: dataset.count!,
    },
    models: models.map((m) => ({ id: m.name, card: zooCard(m) })),
    sliceHash: storedSliceHash(blobs, dataset),
  });
}

/** The model's card when it has one (zoo and trained models; an imported ONNX model has none). */
function zooCard(model: ModelRow): ModelCard | undefined {
  const card = model.card as Partial<ModelCard> | null;
  return card?.training?.dataset && card.evaluation?.dataset ? (card as ModelCard) : undefined;
}

/** The READY models (in order, none twice) and dataset of a request, each model fitting the dataset. */
export async function readyModelsAndDataset(
  loaders: Loaders,
  modelIds: readonly string[],
  datasetId: string,
): Promise<{ models: ModelRow[]; dataset: DatasetRow }> {
  const repeated = modelIds.find((id, i) => modelIds.indexOf(id) !== i);
  if (repeated)
    throw new InvalidArgumentError(
      `model ${repeated} appears twice in modelIds; each row and column is one model`,
    );
  const models: ModelRow[] = [];
  for (const id of modelIds) models.push(await requireReady(loaders.model, 'model', id));
  const dataset = await requireReady(loaders.dataset, 'dataset', datasetId);
  for (const model of models) assertModelFitsDataset(model, dataset);
  return { models, dataset };
}

export async function startStudy(
  services: Services,
  loaders: Loaders,
  principal: Principal,
  input: StartStudyInput,
): Promise<Submitted<StudyRow>> {
  // Every input is checked here, before anything is queued.
  const { models, dataset } = await readyModelsAndDataset(loaders, input.modelIds, input.datasetId);
  const params = studyParams(input);
  await assertModelsHaveLayer(services.blobs, models, params.layer ?? DEFAULT_LAYER);
  // Then what reads the dataset's stored labels and pixels: the images, and the pairs the job will draw, drawn
  // now (too many for the images is refused before anything is queued).
  const images = await studyImages(services.blobs, models, dataset);
  sampleStudyPairs(await readDatasetLabels(services.blobs, dataset), images, {
    count: params.pairs,
    seed: params.pairSeed,
  });
  const spec: StudySpec = {
    name: input.name,
    modelIds: input.modelIds,
    datasetId: input.datasetId,
    metric: input.metric,
    params,
    images,
    matrices: studyMatrixParams(params, images, dataset.count!),
  };
  const key = requestKey({
    kind: 'study',
    ...spec,
    name: undefined,
    weightsHashes: models.map((m) => m.weightsHash),
    datasetHash: dataset.contentHash,
    codeVersion: codeVersion(),
  });
  return submit<StudyRow>({
    services,
    createdBy: principal.tokenId,
    kind: 'study',
    subjectType: 'Study',
    existing: () => getStudyByKey(services.db, key),
    insert: () =>
      insertStudy(services.db, {
        id: randomUUID(),
        name: input.name,
        spec,
        datasetId: input.datasetId,
        requestKey: key,
        jobId: null,
      }),
  });
}
