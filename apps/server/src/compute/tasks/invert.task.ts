/**
 * Inverts sampled seed/target pairs through a checkpoint (SPEC §4), batch by batch, emitting each finished batch
 * so the parent stores it at once. Given the batches an earlier attempt stored, it resumes after them.
 *
 * Two variants a study asks for (issue 10): with `checkpoints`, each batch also carries its images at those
 * iterations (convergence); with `seedNoise`, the seeds are noise and the settings STIR's (compute's
 * invertForStir: X' for STIR, SPEC §5), the pairs' targets the images to match.
 *
 * Events: { type: 'pairs', ... } once (not for noise seeds); { type: 'progress', ... } throttled; { type: 'batch',
 * ... } per batch.
 */
import {
  assertDifferentLabels,
  type InversionPartial,
  type InversionProgress,
  type InversionResult,
  type InversionSettings,
  invertForStir,
  invertImages,
  type NoiseDistribution,
  type PairSample,
  samplePairs,
  stirFakeReluApplies,
  subsetDataset,
} from '@simlab/compute';
import type { TaskContext } from '../task-context.js';
import { loadCachedDataset } from './cached-dataset.js';
import { computeEnvironment, throttle } from './environment.js';
import { previousPartial } from './previous-partial.js';
import type { ComputeEnvironment, DatasetLocation, StoredBatch } from './task-inputs.js';
import { loadTaskModelAt } from './task-model.js';

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
  /** Convergence checkpoints (iterations below params.iterations) whose images every batch keeps too. */
  checkpoints?: number[];
  /** STIR: seeds drawn as this noise instead of the pairs' seeds (which are not used); no labels. */
  seedNoise?: { distribution: NoiseDistribution; seed: number };
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
  /** With input.checkpoints: this batch's images [b, h, w, c] and losses at each checkpoint, in order. */
  checkpoints?: { iteration: number; images: Float32Array; losses: number[] }[];
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
    ? givenPairs(dataset.labels, input.pairs, input.pairSeed, !input.seedNoise)
    : samplePairs(dataset.labels, { count: input.pairCount, seed: input.pairSeed });
  if (!input.seedNoise) {
    ctx.emit({
      type: 'pairs',
      seedIndices: [...pairs.seedIndices],
      targetIndices: [...pairs.targetIndices],
      seedLabels: [...pairs.seedLabels],
      targetLabels: [...pairs.targetLabels],
    });
  }
  const [h, w, c] = dataset.imageShape;
  const shape: [number, number, number, number] = [input.pairCount, h, w, c];
  const targets = { data: subsetDataset(dataset, pairs.targetIndices).images, shape }; // [n, h, w, c]
  // `representation` on an imported model is its own default layer; the run records the layer it resolves to.
  const { model, layer } = await loadTaskModelAt(input.checkpointDir, input.params.layer);
  const per = h * w * c;
  const b = input.params.batchSize;
  const report = throttle(250, (event: InvertProgressEvent) => ctx.emit(event));
  const { layer: _requested, ...settings } = input.params;
  const fakeRelu = input.seedNoise
    ? settings.fakeRelu && stirFakeReluApplies(model, layer)
    : settings.fakeRelu;
  const run = {
    layer,
    ...(input.checkpoints?.length && { checkpoints: input.checkpoints }),
    startBatch: input.done.length,
    previous:
      input.done.length > 0
        ? await previousPartial({ ...input, params: { ...input.params, layer } }, shape, fakeRelu)
        : undefined,
    signal: ctx.signal,
    onProgress: (p: InversionProgress) => report({ type: 'progress', ...p }),
    onBatchDone: (k: number, partial: InversionPartial) => {
      const i0 = k * b;
      const i1 = Math.min(input.pairCount, i0 + b);
      const event: InvertBatchEvent = {
        type: 'batch',
        index: k,
        images: partial.images.slice(i0 * per, i1 * per),
        shape: [i1 - i0, h, w, c],
        losses: [...partial.losses.subarray(i0, i1)],
        seedLosses: [...partial.seedLosses.subarray(i0, i1)],
        zeroGradientSteps: [...partial.zeroGradientSteps.subarray(i0, i1)],
        lossCurve: [...partial.batchLossCurves[k]!],
        seconds: partial.batchMs[k]! / 1000,
        ...(partial.checkpoints && {
          checkpoints: partial.checkpoints.map((at) => ({
            iteration: at.iteration,
            images: at.images.slice(i0 * per, i1 * per),
            losses: [...at.losses.subarray(i0, i1)],
          })),
        }),
      };
      ctx.emit(event);
    },
  };
  try {
    let result: InversionResult;
    if (input.seedNoise) {
      // X' for STIR: noise towards the targets' representations, no labels (a noise seed has none).
      const stir = {
        inversion: settings,
        noise: input.seedNoise.distribution,
        noiseSeed: input.seedNoise.seed,
      };
      result = await invertForStir(model, targets, { settings: stir, ...run });
    } else {
      const seeds = { data: subsetDataset(dataset, pairs.seedIndices).images, shape };
      result = await invertImages(model, seeds, targets, pairs.seedLabels, pairs.targetLabels, {
        ...settings,
        ...run,
      });
    }
    return { layer: result.parameters.layer, environment, seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

function givenPairs(
  labels: Int32Array,
  pairs: { seedIndices: number[]; targetIndices: number[] },
  seed: number,
  seedsUsed: boolean,
): PairSample {
  const seedLabels = Int32Array.from(pairs.seedIndices, (i) => labels[i]!);
  const targetLabels = Int32Array.from(pairs.targetIndices, (i) => labels[i]!);
  if (seedsUsed) assertDifferentLabels(seedLabels, targetLabels);
  return {
    seedIndices: Int32Array.from(pairs.seedIndices),
    targetIndices: Int32Array.from(pairs.targetIndices),
    seedLabels,
    targetLabels,
    seed,
    count: pairs.targetIndices.length,
  };
}
