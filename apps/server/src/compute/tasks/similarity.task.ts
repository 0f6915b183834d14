/**
 * CKA cells between model representations on one or more image sets (SPEC §3, §5): natural images (a seeded
 * sample of a dataset, or given indices such as a study's targets) or an inverted dataset read from stored
 * batches. Each image set's cells go through compute's computeImageSetCells, the study pipeline's one cell
 * computation (the CLI runs the same), and each finished cell is emitted at once.
 */
import {
  type CkaOptions,
  computeImageSetCells,
  createRng,
  type MatrixCell,
  type PredictionAgreement,
  readNpyFile,
  subsetDataset,
} from '@simlab/compute';
import { hashIndices } from '../hash-indices.js';
import type { TaskContext } from '../task-context.js';
import { loadCachedDataset } from './cached-dataset.js';
import { computeEnvironment } from './environment.js';
import type { ComputeEnvironment, DatasetLocation } from './task-inputs.js';
import { loadTaskModel, taskLayer } from './task-model.js';

export type ImageSet =
  /** `sampleCount` distinct images drawn with `sampleSeed` (the same for every model: a paired comparison). */
  | { kind: 'natural'; dataset: DatasetLocation; sampleCount: number; sampleSeed: number }
  /** The images at `indices` (a study's pair targets). */
  | { kind: 'natural-indices'; dataset: DatasetLocation; indices: number[] }
  /** An inversion's stored batches in order; with its pairs' labels, cells carry prediction agreement. */
  | { kind: 'inverted'; batchPaths: string[]; labels?: { seed: number[]; target: number[] } };

export interface CellRequest {
  /** Index into `images`. */
  images: number;
  /** Indices into `models`: the row model (a) and the column model (b). */
  a: number;
  b: number;
}

export interface SimilarityTaskInput {
  metric: 'linear' | 'debiased' | 'rbf' | 'minibatch';
  models: { checkpointDir: string; layer: string }[];
  images: ImageSet[];
  cells: CellRequest[];
  nullPermutations: number;
  bootstrapResamples: number;
  confidenceLevel: number;
  seed: number;
  rbfThreshold: number;
  minibatchSize: number;
  /** Images per forward pass; default 256. */
  representationBatchSize?: number;
}

export interface CellEvent {
  type: 'cell';
  cell: CellRequest;
  result: MatrixCell;
  agreement: PredictionAgreement | null;
  /** sha256 of the dataset indices of a natural image set. */
  indicesHash: string | null;
  seconds: number;
}

/** Sent first, so every cell stored records where it was computed. */
export interface EnvironmentEvent {
  type: 'environment';
  environment: ComputeEnvironment;
}

export type SimilarityEvent = EnvironmentEvent | CellEvent;

export interface SimilarityTaskResult {
  environment: ComputeEnvironment;
}

export async function similarityTask(
  input: SimilarityTaskInput,
  ctx: TaskContext<SimilarityEvent>,
): Promise<SimilarityTaskResult> {
  const environment = await computeEnvironment();
  ctx.emit({ type: 'environment', environment });
  const models = await Promise.all(input.models.map((m) => loadTaskModel(m.checkpointDir)));
  try {
    const layers = input.models.map((m, i) => taskLayer(models[i]!, m.layer));
    for (const [index, set] of input.images.entries()) {
      const cells = input.cells.filter((c) => c.images === index);
      if (cells.length === 0) continue;
      const images = await loadImages(set);
      let started = performance.now();
      await computeImageSetCells(models, images.data, cells, {
        layer: layers,
        batchSize: input.representationBatchSize,
        statistics: {
          metric: ckaOptions(input),
          nullPermutations: input.nullPermutations,
          bootstrapResamples: input.bootstrapResamples,
          confidence: input.confidenceLevel,
          seed: input.seed,
        },
        ...(set.kind === 'inverted' && set.labels && { labels: set.labels }),
        signal: ctx.signal,
        onCell: ({ a, b, cell, agreement }) => {
          const event: CellEvent = {
            type: 'cell',
            cell: { images: index, a, b },
            result: cell,
            agreement: agreement ?? null,
            indicesHash: images.indicesHash,
            seconds: (performance.now() - started) / 1000,
          };
          ctx.emit(event);
          started = performance.now();
        },
      });
    }
    return { environment };
  } finally {
    for (const model of models) model.dispose();
  }
}

/** compute's CKA options for the task's metric (shared with the STIR task). */
export function ckaOptions(
  input: Pick<SimilarityTaskInput, 'metric' | 'rbfThreshold' | 'minibatchSize'>,
): CkaOptions {
  switch (input.metric) {
    case 'rbf':
      return { metric: 'rbf', threshold: input.rbfThreshold };
    case 'minibatch':
      return { metric: 'minibatch', batchSize: input.minibatchSize };
    default:
      return { metric: input.metric };
  }
}

/** NHWC floats of an image set, and for natural images the hash of their dataset indices. */
export async function loadImages(set: ImageSet): Promise<{ data: Float32Array; indicesHash: string | null }> {
  if (set.kind === 'inverted') {
    const parts: Float32Array[] = [];
    for (const path of set.batchPaths) parts.push((await readNpyFile(path)).data as Float32Array);
    const data = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.length;
    }
    return { data, indicesHash: null };
  }
  const dataset = await loadCachedDataset(set.dataset);
  const indices =
    set.kind === 'natural-indices'
      ? set.indices
      : createRng(set.sampleSeed).permutation(dataset.count).slice(0, set.sampleCount);
  return { data: subsetDataset(dataset, indices).images, indicesHash: hashIndices(Array.from(indices)) };
}
