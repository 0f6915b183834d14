/**
 * Step 1 of the study pipeline (SPEC §1, §5): what to compute, before anything is computed. Pure data, no
 * TensorFlow.js, so a server can plan in its main process and hand the units to workers.
 *
 *   pairs      `params.pairs` seed/target pairs of different labels (samplePairs, seeded) drawn from the
 *              study's images (study-images.ts: those the models did not train on); the targets are also the
 *              natural images
 *   inversions one unit per model r: the request that names I_r (weights hash, dataset hash, pair indices,
 *              every inversion setting, layer) and its cache key
 *   natural    cells (r, c) with r <= c on the targets (the lower triangle mirrors them: CKA is symmetric)
 *   inverted   per row r, cells (r, c) for every c on I_r (not symmetric)
 *   convergence  with params.convergence: I_r keeps its images at each checkpoint t below the last iteration,
 *              and per t and row r the cells (r, c) on them (intervals, no null: headlines need no p-values)
 *   stir       with params.stir: per model r, X'_r inverted from noise to the targets' representations with
 *              STIR's settings, and row r of the STIR matrix, STIR(M_c | M_r) for every c (SPEC §5)
 *
 * The drivers (the CLI's disk cache and worker threads, the server's jobs and compute children) run these
 * units through a StudyExecutor (study-executor.ts); executeStudy schedules them, assembleStudyReport joins
 * the results. Neither driver decides what a study computes.
 */
import type { PairSample } from '../data/pairs.js';
import type { ImageShape } from '../data/validate.js';
import { InvalidArgumentError } from '../errors.js';
import { type InversionRequest, inversionKey } from './inversion-cache.js';
import { type StudyImages, sampleStudyPairs, wholeDatasetImages } from './study-images.js';
import { convergenceCheckpoints, type StudyParams } from './study-params.js';
import type { TrendModel } from './trend.js';

/** A model as the plan knows it: what the trend needs, and its weights hash (provenance, cache keys). */
export interface PlanModel extends TrendModel {
  weightsHash: string;
}

/** The dataset the pairs are drawn from: its description and labels (the pixels stay with the driver). */
export interface PlanDataset {
  name: string;
  source: string;
  hash: string;
  count: number;
  imageShape: ImageShape;
  labels: ArrayLike<number>;
}

export interface StudySpec {
  /** In row (and column) order. */
  models: readonly PlanModel[];
  dataset: PlanDataset;
  params: StudyParams;
  /** The images the pairs come from (chooseStudyImages); default the whole dataset. */
  images?: StudyImages;
}

/** The inversion of the pairs through one model: I_row. */
export interface InversionUnit {
  row: number;
  modelId: string;
  request: InversionRequest;
  /** inversionKey(request): the name of I_row in any store. */
  key: string;
  /** Batches of `request.settings.batchSize` pairs; each is stored as it finishes. */
  batches: number;
}

/** One cell: CKA(rep_a(X), rep_b(X)) on the cells unit's images X (a: row model, b: column model). */
export interface CellPair {
  a: number;
  b: number;
}

/** The images of a cells unit: the natural images (the pairs' targets), or I_row. */
export type ImageSetRef = { kind: 'natural' } | { kind: 'inverted'; row: number };

/** Cells on one image set: every model's representation of it is computed once for all of them. */
export interface CellsUnit {
  images: ImageSetRef;
  cells: CellPair[];
}

/** Cells (row, c) on the images I_row held at `iteration` (a convergence checkpoint of its inversion). */
export interface CheckpointCellsUnit {
  images: { kind: 'checkpoint'; row: number; iteration: number };
  cells: CellPair[];
  /** Null shuffles for these cells, in place of the study's (0: the headlines need intervals only). */
  nullPermutations: number;
}

/** Row `row` of the STIR matrix: STIR(M_c | M_row) for each column c, on X'_row (the STIR inversion `row`). */
export interface StirCellsUnit {
  row: number;
  columns: number[];
}

export interface StudyPlan {
  params: StudyParams;
  dataset: Omit<PlanDataset, 'labels'>;
  /** The images the pairs were drawn from, and why those; pair indices are the dataset's own. */
  images: StudyImages;
  pairs: PairSample;
  models: PlanModel[];
  inversions: InversionUnit[];
  natural: CellsUnit;
  /** inverted[r]: row r of the inverted matrix. */
  inverted: CellsUnit[];
  /** Per convergence checkpoint below the last iteration, in order: one unit per row; [] without convergence. */
  convergence: { iteration: number; rows: CheckpointCellsUnit[] }[];
  /** STIR: per model, X' through it (request.seedNoise set) and its row of the STIR matrix; absent when off. */
  stir?: { inversions: InversionUnit[]; rows: StirCellsUnit[] };
}

/** The natural matrix's computed cells over k models: (a, b) for a <= b (the lower triangle mirrors them). */
export function naturalCellPairs(k: number): CellPair[] {
  const cells: CellPair[] = [];
  for (let a = 0; a < k; a++) for (let b = a; b < k; b++) cells.push({ a, b });
  return cells;
}

/**
 * @throws InvalidArgumentError for fewer than 2 models or a repeated id; what sampleStudyPairs throws (too many
 *   pairs for the images, a single class, images outside the dataset).
 */
export function planStudy(spec: StudySpec): StudyPlan {
  const { models, dataset, params } = spec;
  const k = models.length;
  if (k < 2) throw new InvalidArgumentError(`a study needs at least 2 models, got ${k}`);
  const ids = models.map((m) => m.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) {
    throw new InvalidArgumentError(
      `model id ${JSON.stringify(repeated)} appears twice in the study; each row and column is one model`,
    );
  }
  const images = spec.images ?? wholeDatasetImages(dataset);
  const pairs = sampleStudyPairs(dataset.labels, images, { count: params.pairs, seed: params.pairSeed });
  const checkpoints = convergenceCheckpoints(params);
  const unit = (row: number, request: InversionRequest): InversionUnit => ({
    row,
    modelId: models[row]!.id,
    request,
    key: inversionKey(request),
    batches: Math.ceil(pairs.count / request.settings.batchSize),
  });
  const inversions = models.map((model, row) =>
    unit(row, {
      weightsHash: model.weightsHash,
      datasetHash: dataset.hash,
      seedIndices: pairs.seedIndices,
      targetIndices: pairs.targetIndices,
      settings: params.inversion,
      layer: params.layer,
      ...(checkpoints.length > 0 && { checkpoints }),
    }),
  );
  const natural = naturalCellPairs(k);
  const rowCells = (row: number) => models.map((_, b) => ({ a: row, b }));
  const inverted = models.map(
    (_, row): CellsUnit => ({ images: { kind: 'inverted', row }, cells: rowCells(row) }),
  );
  const convergence = checkpoints.map((iteration) => ({
    iteration,
    rows: models.map(
      (_, row): CheckpointCellsUnit => ({
        images: { kind: 'checkpoint', row, iteration },
        cells: rowCells(row),
        nullPermutations: 0,
      }),
    ),
  }));
  const { stir } = params;
  const { labels: _labels, ...described } = dataset;
  return {
    params,
    dataset: described,
    images,
    pairs,
    models: models.map((m) => ({ ...m })),
    inversions,
    natural: { images: { kind: 'natural' }, cells: natural },
    inverted,
    convergence,
    ...(stir && {
      stir: {
        // X = the pairs' targets (the natural matrix's images); X'_r starts from noise: no seed indices.
        inversions: models.map((model, row) =>
          unit(row, {
            weightsHash: model.weightsHash,
            datasetHash: dataset.hash,
            seedIndices: [],
            targetIndices: pairs.targetIndices,
            settings: stir.inversion,
            layer: params.layer,
            seedNoise: { distribution: stir.noise, seed: stir.noiseSeed },
          }),
        ),
        rows: models.map((_, row) => ({ row, columns: models.map((_, c) => c) })),
      },
    }),
  };
}
