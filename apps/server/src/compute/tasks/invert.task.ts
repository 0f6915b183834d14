/**
 * Inverts sampled seed/target pairs through a checkpoint (SPEC §4), batch by batch, emitting each finished batch
 * so the parent stores it at once. Given the batches an earlier attempt stored, it resumes after them.
 *
 * Events: { type: 'pairs', ... } once; { type: 'progress', ... } throttled; { type: 'batch', ... } per batch.
 */
import {
  assertDifferentLabels,
  type InversionPartial,
  type InversionProgress,
  type InversionSettings,
  invertImages,
  loadCheckpoint,
  type PairSample,
  readNpyFile,
  samplePairs,
  subsetDataset,
} from '@simlab/compute';
import type { TaskContext } from '../task-context.js';
import { loadCachedDataset } from './cached-dataset.js';
import { computeEnvironment, throttle } from './environment.js';
import type { ComputeEnvironment, DatasetLocation } from './task-inputs.js';

export interface StoredBatch {
  imagesPath: string;
  losses: number[];
  seedLosses: number[];
  zeroGradientSteps: number[];
  lossCurve: number[];
  seconds: number;
}

export interface InvertTaskInput {
  checkpointDir: string;
  dataset: DatasetLocation;
  pairCount: number;
  pairSeed: number;
  params: InversionSettings & { layer: string };
  /** Batches 0..k-1 finished by earlier attempts, in order: the run resumes at batch k. */
  done: StoredBatch[];
  /** The pairs a study planned (compute's planStudy); without them they are sampled with `pairSeed`. */
  pairs?: { seedIndices: number[]; targetIndices: number[] };
}

/** The pairs inverted, before the first batch (the parent stores them for previews and provenance). */
export interface InvertPairsEvent {
  type: 'pairs';
  seedIndices: number[];
  targetIndices: number[];
  seedLabels: number[];
  targetLabels: number[];
}

/** compute's progress of the running batch (throttled). */
export type InvertProgressEvent = { type: 'progress' } & InversionProgress;

export interface InvertBatchEvent {
  type: 'batch';
  index: number;
  /** [b, h, w, c] inverted images of this batch. */
  images: Float32Array;
  shape: [number, number, number, number];
  losses: number[];
  seedLosses: number[];
  zeroGradientSteps: number[];
  lossCurve: number[];
  seconds: number;
}

export type InvertEvent = InvertPairsEvent | InvertProgressEvent | InvertBatchEvent;

export interface InvertTaskResult {
  layer: string;
  environment: ComputeEnvironment;
  seconds: number;
}

export async function invertTask(
  input: InvertTaskInput,
  ctx: TaskContext<InvertEvent>,
): Promise<InvertTaskResult> {
  const started = performance.now();
  const environment = await computeEnvironment();
  const dataset = await loadCachedDataset(input.dataset);
  const pairs = input.pairs
    ? givenPairs(dataset.labels, input.pairs, input.pairSeed)
    : samplePairs(dataset.labels, { count: input.pairCount, seed: input.pairSeed });
  ctx.emit({
    type: 'pairs',
    seedIndices: [...pairs.seedIndices],
    targetIndices: [...pairs.targetIndices],
    seedLabels: [...pairs.seedLabels],
    targetLabels: [...pairs.targetLabels],
  });
  const [h, w, c] = dataset.imageShape;
  const shape: [number, number, number, number] = [input.pairCount, h, w, c];
  const seeds = subsetDataset(dataset, pairs.seedIndices).images; // [n, h, w, c]
  const targets = subsetDataset(dataset, pairs.targetIndices).images;
  const { model } = await loadCheckpoint(input.checkpointDir);
  const per = h * w * c;
  const b = input.params.batchSize;
  const report = throttle(250, (event: InvertProgressEvent) => ctx.emit(event));
  try {
    const result = await invertImages(
      model,
      { data: seeds, shape },
      { data: targets, shape },
      pairs.seedLabels,
      pairs.targetLabels,
      {
        ...input.params,
        startBatch: input.done.length,
        previous: input.done.length > 0 ? await previousPartial(input, shape) : undefined,
        signal: ctx.signal,
        onProgress: (p) => report({ type: 'progress', ...p }),
        onBatchDone: (k, partial) => {
          const i0 = k * b;
          const i1 = Math.min(input.pairCount, i0 + b);
          const images = partial.images.slice(i0 * per, i1 * per);
          const event: InvertBatchEvent = {
            type: 'batch',
            index: k,
            images,
            shape: [i1 - i0, h, w, c],
            losses: [...partial.losses.subarray(i0, i1)],
            seedLosses: [...partial.seedLosses.subarray(i0, i1)],
            zeroGradientSteps: [...partial.zeroGradientSteps.subarray(i0, i1)],
            lossCurve: [...partial.batchLossCurves[k]!],
            seconds: partial.batchMs[k]! / 1000,
          };
          ctx.emit(event);
        },
      },
    );
    return { layer: result.parameters.layer, environment, seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

function givenPairs(
  labels: Int32Array,
  pairs: { seedIndices: number[]; targetIndices: number[] },
  seed: number,
): PairSample {
  const seedLabels = Int32Array.from(pairs.seedIndices, (i) => labels[i]!);
  const targetLabels = Int32Array.from(pairs.targetIndices, (i) => labels[i]!);
  assertDifferentLabels(seedLabels, targetLabels);
  return {
    seedIndices: Int32Array.from(pairs.seedIndices),
    targetIndices: Int32Array.from(pairs.targetIndices),
    seedLabels,
    targetLabels,
    seed,
    count: pairs.seedIndices.length,
  };
}

/** Rebuilds compute's checkpoint of the first k batches from what the parent stored. */
async function previousPartial(
  input: InvertTaskInput,
  shape: [number, number, number, number],
): Promise<InversionPartial> {
  const images: Float32Array[] = [];
  for (const batch of input.done) images.push((await readNpyFile(batch.imagesPath)).data as Float32Array);
  const concat = (arrays: ArrayLike<number>[], make: (n: number) => Float32Array | Uint32Array) => {
    const out = make(arrays.reduce((n, a) => n + a.length, 0));
    let offset = 0;
    for (const a of arrays) {
      out.set(a, offset);
      offset += a.length;
    }
    return out;
  };
  const p = input.params;
  return {
    // compute compares parameters as JSON, so the keys go in its order (the database may reorder them).
    parameters: {
      stepSize: p.stepSize,
      iterations: p.iterations,
      momentum: p.momentum,
      eps: p.eps,
      useBest: p.useBest,
      batchSize: p.batchSize,
      fakeRelu: p.fakeRelu,
      layer: p.layer,
      step: 'l2-momentum',
    },
    imageShape: shape,
    batches: Math.ceil(input.pairCount / input.params.batchSize),
    batchesDone: input.done.length,
    samplesDone: input.done.reduce((n, d) => n + d.losses.length, 0),
    images: concat(images, (n) => new Float32Array(n)) as Float32Array,
    losses: concat(
      input.done.map((d) => d.losses),
      (n) => new Float32Array(n),
    ) as Float32Array,
    seedLosses: concat(
      input.done.map((d) => d.seedLosses),
      (n) => new Float32Array(n),
    ) as Float32Array,
    zeroGradientSteps: concat(
      input.done.map((d) => d.zeroGradientSteps),
      (n) => new Uint32Array(n),
    ) as Uint32Array,
    batchLossCurves: input.done.map((d) => Float64Array.from(d.lossCurve)),
    batchMs: input.done.map((d) => d.seconds * 1000),
  };
}
