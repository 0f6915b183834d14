/**
 * CKA cells between model representations on one or more image sets (SPEC §3, §5): natural images sampled
 * from a dataset, or inverted datasets read from stored batches. Each representation is computed once per
 * image set and reused by every cell that needs it; each finished cell is emitted at once.
 */

import { createHash } from 'node:crypto';
import type { Activations } from '@simlab/compute';
import {
  bootstrapCka,
  type CkaOptions,
  cka,
  createRng,
  loadCheckpoint,
  loadDataset,
  nullBaseline,
  readNpyFile,
  representations,
  subsetDataset,
} from '@simlab/compute';
import type { TaskContext } from '../compute-protocol.js';
import { computeEnvironment } from './environment.js';
import type { ComputeEnvironment, DatasetLocation } from './task-inputs.js';

export type ImageSet =
  | { kind: 'natural'; dataset: DatasetLocation; sampleCount: number; sampleSeed: number }
  | { kind: 'inverted'; batchPaths: string[] };

export interface CellRequest {
  /** Index into `images`. */
  images: number;
  /** Indices into `models`. */
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
}

export interface CellEvent {
  type: 'cell';
  cell: CellRequest;
  value: number;
  n: number;
  p: number;
  q: number;
  nullMean: number | null;
  nullStd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** sha256 of the dataset indices of a natural image set. */
  indicesHash: string | null;
  seconds: number;
}

export async function similarityTask(
  input: SimilarityTaskInput,
  ctx: TaskContext,
): Promise<{ environment: ComputeEnvironment }> {
  const environment = await computeEnvironment();
  ctx.emit({ type: 'environment', environment });
  const options = ckaOptions(input);
  const models = await Promise.all(
    input.models.map(async (m) => (await loadCheckpoint(m.checkpointDir)).model),
  );
  try {
    const imageCache = new Map<number, { data: Float32Array; indicesHash: string | null }>();
    const repCache = new Map<string, Activations>();
    // Cells are grouped by image set so each set is loaded once and its representations freed after.
    const order = [...input.cells].sort((x, y) => x.images - y.images);
    for (const cell of order) {
      const started = performance.now();
      const images = imageCache.get(cell.images) ?? (await loadImages(input.images[cell.images]!));
      if (!imageCache.has(cell.images)) {
        imageCache.clear();
        repCache.clear();
        imageCache.set(cell.images, images);
      }
      const rep = async (m: number): Promise<Activations> => {
        const key = `${cell.images}:${m}`;
        let acts = repCache.get(key);
        if (!acts) {
          acts = await representations(models[m]!, images.data, {
            layer: input.models[m]!.layer,
            signal: ctx.signal,
          });
          repCache.set(key, acts);
        }
        return acts;
      };
      const a = await rep(cell.a);
      const b = await rep(cell.b);
      const result = await cka(a, b, { ...options, signal: ctx.signal } as CkaOptions);
      const baseline =
        input.nullPermutations > 0
          ? await nullBaseline(a, b, {
              cka: options,
              permutations: input.nullPermutations,
              seed: input.seed,
              signal: ctx.signal,
            })
          : undefined;
      const interval =
        input.bootstrapResamples > 0
          ? await bootstrapCka(a, b, {
              cka: options,
              resamples: input.bootstrapResamples,
              confidence: input.confidenceLevel,
              seed: input.seed,
              signal: ctx.signal,
            })
          : undefined;
      const event: CellEvent = {
        type: 'cell',
        cell,
        value: result.value,
        n: result.n,
        p: result.p,
        q: result.q,
        nullMean: baseline?.mean ?? null,
        nullStd: baseline?.std ?? null,
        ciLow: interval?.lower ?? null,
        ciHigh: interval?.upper ?? null,
        indicesHash: images.indicesHash,
        seconds: (performance.now() - started) / 1000,
      };
      ctx.emit(event);
    }
    return { environment };
  } finally {
    for (const model of models) model.dispose();
  }
}

function ckaOptions(input: SimilarityTaskInput): CkaOptions {
  switch (input.metric) {
    case 'rbf':
      return { metric: 'rbf', threshold: input.rbfThreshold };
    case 'minibatch':
      return { metric: 'minibatch', batchSize: input.minibatchSize };
    default:
      return { metric: input.metric };
  }
}

/** NHWC floats of an image set, and for natural images the hash of the sampled indices. */
async function loadImages(set: ImageSet): Promise<{ data: Float32Array; indicesHash: string | null }> {
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
  const dataset = await loadDataset(set.dataset.source, { split: set.dataset.split });
  // A seeded sample of distinct images, the same for every model of a matrix (paired comparison).
  const indices = createRng(set.sampleSeed).permutation(dataset.count).slice(0, set.sampleCount);
  const indicesHash = createHash('sha256')
    .update(Buffer.from(Int32Array.from(indices).buffer))
    .digest('hex');
  return { data: subsetDataset(dataset, indices).images, indicesHash };
}
